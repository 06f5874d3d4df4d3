package dev.creditdesk.intake.internal;

import dev.creditdesk.intake.ParsedMail;
import java.util.Locale;

/**
 * The evidence kind a file sent by email is recorded as, from its name and type: policies read
 * kinds such as police_report or bank_proof, which an upload names and an email cannot, so the
 * file's name decides ("police-report.pdf", "bank_statement.pdf"), then its type (an image is a
 * screenshot), else it is a document.
 */
final class EmailEvidence {

    private EmailEvidence() {
    }

    static String kindOf(ParsedMail.Attachment file) {
        String name = file.filename() == null ? "" : file.filename().toLowerCase(Locale.ROOT);
        if (name.contains("police")) {
            return "police_report";
        }
        if (name.contains("bank") || name.contains("statement")) {
            return "bank_proof";
        }
        if (name.contains("receipt") || name.contains("invoice")) {
            return "receipt";
        }
        return file.contentType() != null && file.contentType().startsWith("image/") ? "screenshot" : "document";
    }
}
