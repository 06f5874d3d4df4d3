package dev.creditdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.client.ApiClient;
import dev.creditdesk.client.ApiException;
import dev.creditdesk.client.api.AccountApi;
import dev.creditdesk.client.api.LedgerApi;
import dev.creditdesk.client.api.OrderApi;
import dev.creditdesk.client.api.RefundRequestApi;
import dev.creditdesk.client.api.TaskApi;
import dev.creditdesk.client.api.TenantApi;
import dev.creditdesk.client.model.AccountCreateAccountBody;
import dev.creditdesk.client.model.AccountView;
import dev.creditdesk.client.model.LedgerGrantBody;
import dev.creditdesk.client.model.OrderBody;
import dev.creditdesk.client.model.OrderChargeBody;
import dev.creditdesk.client.model.OrderView;
import dev.creditdesk.client.model.RefundRequestIntakeBody;
import dev.creditdesk.client.model.RefundRequestRequestView;
import dev.creditdesk.client.model.TaskCompleteBody;
import dev.creditdesk.client.model.TaskReserveBody;
import dev.creditdesk.client.model.TaskView;
import dev.creditdesk.client.model.TenantCreateTenantBody;
import dev.creditdesk.client.model.TenantSettingsBody;
import dev.creditdesk.client.model.TenantView;
import dev.creditdesk.support.IntegrationTest;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * README's quick start, driven only through the Java client openapi-generator makes from the
 * committed docs/openapi.json (at generate-test-sources, into target/): if the document and the
 * server disagree on a name, a type, a required field or a status, this fails.
 */
class GeneratedClientIT extends IntegrationTest {

    private static final String TIMEZONE = "America/New_York";

    private ApiClient client(String key) {
        return new ApiClient()
                .setScheme("http").setHost("localhost").setPort(port).setBasePath("")
                .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
    }

    @Test
    void theQuickStartRunsOnTheGeneratedClient() throws ApiException {
        TenantView tenant = new TenantApi(client(OPERATOR_KEY)).createTenant(new TenantCreateTenantBody()
                .name("quick-start-" + UUID.randomUUID())
                .settings(new TenantSettingsBody().timezone(TIMEZONE).holidayCountry("US").currency("USD")
                        .supportEmail("support@example.com")), null);
        assertThat(tenant.getSecretKey()).isNotNull();
        ApiClient secret = client(tenant.getSecretKey().getKey());

        AccountView account = new AccountApi(secret).createAccount(
                new AccountCreateAccountBody().externalId("user-1").email("ada@example.com"), null);
        LedgerApi ledger = new LedgerApi(secret);
        ledger.grantCredits(new LedgerGrantBody().accountId(account.getId()).credits(100L)
                .source(LedgerGrantBody.SourceEnum.PROMOTIONAL), null);

        TaskApi tasks = new TaskApi(secret);
        TaskView task = tasks.createTask(new TaskReserveBody().accountId(account.getId()).credits(30L), "task-1");
        assertThat(task.getStatus()).isEqualTo(TaskView.StatusEnum.RESERVED);
        TaskView again = tasks.createTask(new TaskReserveBody().accountId(account.getId()).credits(30L), "task-1");
        assertThat(again.getId()).as("the same Idempotency-Key answers the same task").isEqualTo(task.getId());
        TaskView completed = tasks.completeTask(task.getId().toString(), null, new TaskCompleteBody().credits(20L));
        assertThat(completed.getStatus()).isEqualTo(TaskView.StatusEnum.COMPLETED);
        assertThat(completed.getCreditsUsed()).isEqualTo(20L);
        assertThat(ledger.getAccountBalance(account.getId().toString()).getAvailable()).isEqualTo(80L);

        OffsetDateTime purchasedAt = clock.instant().minusSeconds(2 * 86_400).atOffset(ZoneOffset.UTC);
        OrderView order = new OrderApi(secret).createOrder(new OrderBody().accountId(account.getId())
                .orderNumber("A-1001").credits(400L).currency("USD").net("29.90").total("29.90")
                .purchasedAt(purchasedAt)
                .charge(new OrderChargeBody().provider(OrderChargeBody.ProviderEnum.MANUAL).transactionId("tx-1")),
                null);
        assertThat(order.getStatus()).isEqualTo(OrderView.StatusEnum.DELIVERED);

        RefundRequestApi refundRequests = new RefundRequestApi(secret);
        RefundRequestRequestView filed = refundRequests.createRefundRequest(new RefundRequestIntakeBody()
                .email("ada@example.com").orderNumber("A-1001")
                .purchaseDate(purchasedAt.atZoneSameInstant(ZoneId.of(TIMEZONE)).toLocalDate().toString())
                .category("change_of_mind")
                .reason("I would like my money back"), null);
        RefundRequestRequestView read = refundRequests.getRefundRequest(filed.getId().toString());
        assertThat(read.getId()).isEqualTo(filed.getId());
        assertThat(read.getOrderNumber()).isEqualTo("A-1001");
        assertThat(read.getStatus()).isEqualTo(filed.getStatus());

        assertThatThrownBy(() -> tasks.getTask(UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }
}
