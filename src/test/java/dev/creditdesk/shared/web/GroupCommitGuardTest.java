package dev.creditdesk.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.creditdesk.shared.GroupCommit;
import dev.creditdesk.shared.GroupCommitted;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** A request sent without its transaction (group commit) runs only a handler that expects that. */
class GroupCommitGuardTest {

    static class Handlers {
        @GroupCommit
        void batched() {
        }

        void ordinary() {
        }
    }

    private final HandlerInterceptor guard = GroupCommitRoutes.guard();

    @Test
    void aRequestWithoutItsTransactionIsRefusedBeforeAHandlerThatDoesNotExpectIt() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/tasks");
        GroupCommitted.attach(request, created -> { });

        assertThat(guard.preHandle(request, new MockHttpServletResponse(), handler("batched"))).isTrue();
        assertThatThrownBy(() -> guard.preHandle(request, new MockHttpServletResponse(), handler("ordinary")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRequestWithItsOwnTransactionRunsAnyHandler() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/tasks");

        assertThat(guard.preHandle(request, new MockHttpServletResponse(), handler("ordinary"))).isTrue();
        assertThat(guard.preHandle(request, new MockHttpServletResponse(), handler("batched"))).isTrue();
    }

    private static HandlerMethod handler(String name) throws NoSuchMethodException {
        return new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod(name));
    }
}
