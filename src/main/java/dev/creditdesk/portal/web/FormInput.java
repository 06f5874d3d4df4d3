package dev.creditdesk.portal.web;

import dev.creditdesk.portal.RefundForms.Upload;
import dev.creditdesk.refunds.RefundRequests;
import dev.creditdesk.shared.ApiProblem;
import dev.creditdesk.shared.FieldProblem;
import dev.creditdesk.shared.Fields;
import dev.creditdesk.shared.Limits;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A form as sent: each field's text and the errors found, by field name, for the page to show
 * beside each field (the first error of a field wins). Text with control characters is refused
 * here: nothing the database or a mail would choke on gets further.
 */
final class FormInput {

    static final int MAX_REASON = 5_000;

    /** Kinds of evidence the form offers, in the customer's words. */
    static final Map<String, String> EVIDENCE_KINDS = evidenceKinds();

    private final HttpServletRequest request;
    private final Map<String, String> errors = new LinkedHashMap<>();

    FormInput(HttpServletRequest request) {
        this.request = request;
    }

    private static Map<String, String> evidenceKinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("screenshot", "Screenshots");
        kinds.put("receipt", "A receipt or invoice");
        kinds.put("bank_proof", "A bank or card statement");
        kinds.put("police_report", "A police report");
        kinds.put("other", "Something else");
        return kinds;
    }

    Map<String, String> errors() {
        return errors;
    }

    boolean valid() {
        return errors.isEmpty();
    }

    void error(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    /** The field's text, trimmed; null when empty. */
    String text(String field, int max, boolean required, String label) {
        String value = request.getParameter(field);
        if (value == null || value.isBlank()) {
            if (required) {
                error(field, "Enter " + label + ".");
            }
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            error(field, "Use at most " + max + " characters.");
            return null;
        }
        if (trimmed.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f)) {
            error(field, "Remove the control characters.");
            return null;
        }
        return trimmed;
    }

    String email(String field) {
        String value = text(field, 254, true, "the email address of your account");
        if (value == null) {
            return null;
        }
        List<FieldProblem> problems = new ArrayList<>();
        String email = Fields.requiredEmail(value, field, problems);
        if (!problems.isEmpty()) {
            error(field, "Enter an email address such as name@example.com.");
        }
        return email;
    }

    /** The files of a file field, each checked as an evidence upload is checked. */
    List<Upload> files(String field, int max, RefundRequests requests) {
        List<Upload> files = new ArrayList<>();
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return files;
        }
        try {
            for (Part part : request.getParts()) {
                if (!part.getName().equals(field) || part.getSubmittedFileName() == null
                        || part.getSubmittedFileName().isEmpty()) {
                    continue;
                }
                if (files.size() == max) {
                    error(field, "Choose at most " + max + (max == 1 ? " file." : " files."));
                    return files;
                }
                String name = part.getSubmittedFileName();
                if (part.getSize() > Limits.MAX_EVIDENCE_BYTES) {
                    error(field, name + " is larger than 5 MiB.");
                    continue;
                }
                byte[] data;
                try (InputStream in = part.getInputStream()) {
                    data = in.readAllBytes();
                }
                try {
                    String media = requests.checkEvidenceFile(part.getContentType(), name, data);
                    files.add(new Upload(name, media, data));
                } catch (ApiProblem problem) {
                    error(field, name + ": " + sentence(problem));
                }
            }
        } catch (IOException | ServletException | IllegalStateException e) {
            error(field, "The files could not be read; each may be at most 5 MiB.");
        }
        return files;
    }

    /** A problem's words as a sentence for a page. */
    static String sentence(ApiProblem problem) {
        String text = problem.errors().isEmpty() ? problem.getMessage()
                : problem.errors().get(0).field().replace('_', ' ') + ": " + problem.errors().get(0).message();
        if (text == null || text.isBlank()) {
            return "The request could not be accepted.";
        }
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
