package dev.creditdesk.intake.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PurchaseDatesTest {

    private static PurchaseDates.Found find(String text, boolean dayFirst) {
        return PurchaseDates.find(text, text, dayFirst);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Purchase date: 2026-02-04|2026-02-04",
            "Purchase date: Feb 4, 2026|Feb 4, 2026",
            "Purchase date: February 4 2026|February 4 2026",
            "Purchase date: February 4th, 2026|February 4th, 2026",
            "Purchase date: 4 February 2026|4 February 2026",
            "Purchase date: 4 Feb 2026|4 Feb 2026",
            "Purchase date: 4th of February 2026|4th of February 2026",
            "Purchase date: 2026/02/04|2026/02/04",
            "Purchase date: 2026.02.04|2026.02.04",
            "Kaufdatum: 4. Februar 2026|4. Februar 2026",
            "Date d'achat : 4 février 2026|4 février 2026",
            "Fecha de compra: 4 de febrero de 2026|4 de febrero de 2026",
            "購入日: 2026年2月4日|2026年2月4日",
    })
    void writtenFormatsNeedNoDayOrder(String text, String written) {
        for (boolean dayFirst : new boolean[] {true, false}) {
            PurchaseDates.Found found = find(text, dayFirst);
            assertThat(found.date()).isEqualTo(LocalDate.of(2026, 2, 4));
            assertThat(found.text()).isEqualTo(written);
        }
    }

    @ParameterizedTest
    @CsvSource({"04/02/2026,2026-02-04,2026-04-02", "4.2.2026,2026-02-04,2026-04-02", "04-02-26,2026-02-04,2026-04-02",
            "25/02/2026,2026-02-25,2026-02-25", "02/25/2026,2026-02-25,2026-02-25", "12/12/2026,2026-12-12,2026-12-12"})
    void numericDatesFollowTheDayOrderUnlessAPartIsAbove12(String written, String dayFirst, String monthFirst) {
        assertThat(find("Purchase date: " + written, true).date()).hasToString(dayFirst);
        assertThat(find("Purchase date: " + written, false).date()).hasToString(monthFirst);
        assertThat(find("Purchase date: " + written, false).text()).isEqualTo(written);
    }

    @Test
    void aLabelledDateWinsOverAnEarlierOne() {
        String text = "I wrote to you on 1 March 2026 already.\nI bought the pack on 4 Feb 2026.";
        assertThat(find(text, true).date()).isEqualTo(LocalDate.of(2026, 2, 4));
        assertThat(find("On 3 March 2026 I noticed it.\nDate of purchase: 02/01/2026", true).date())
                .isEqualTo(LocalDate.of(2026, 1, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"I was purchased on the 4th of Feb", "Purchase date: 31/02/2026", "Purchase date: Feb 4",
            "call me at 12/34/5678", "version 2.4.1 crashed", "I am out of office until 20 February 2026.",
            "nothing here", "Order A-2026-02-04X"})
    void whatIsNotAFullValidPurchaseDateIsNotRead(String text) {
        assertThat(find(text, true)).isNull();
    }
}
