package dev.creditdesk.console.web;

import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The search box in the top bar: one match opens its page (the customer page at the row, or the
 * case page); several are listed with what matched; none says so and what can be searched.
 */
@Controller
class SearchController {

    private final Search search;

    SearchController(Search search) {
        this.search = search;
    }

    @GetMapping("/console/search")
    String search(@AuthenticationPrincipal ConsoleUser user, @RequestParam(name = "q", defaultValue = "") String q,
            Model model) {
        String query = q.strip();
        model.addAttribute("searchQuery", query);
        if (query.isEmpty() || query.length() > Search.MAX_QUERY) {
            model.addAttribute("matches", List.of());
            model.addAttribute("problem", query.isEmpty() ? "Type what you are looking for."
                    : "That is longer than any email or id (at most " + Search.MAX_QUERY + " characters).");
            return "console/search";
        }
        List<Search.Match> matches = search.find(user.tenantId(), query);
        if (matches.size() == 1) {
            return "redirect:" + matches.get(0).href();
        }
        model.addAttribute("matches", matches);
        return "console/search";
    }
}
