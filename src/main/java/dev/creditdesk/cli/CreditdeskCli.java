package dev.creditdesk.cli;

import dev.creditdesk.calendar.BusinessCalendar;
import dev.creditdesk.policy.BusinessDays;
import dev.creditdesk.policy.Decision;
import dev.creditdesk.policy.Facts;
import dev.creditdesk.policy.PolicyDocuments;
import dev.creditdesk.policy.PolicyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code creditdesk policy lint FILE…}, {@code policy test FILE --cases CASES}, {@code policy
 * explain FILE --facts FACTS}, {@code policy simulate FILE --tenant ID}, {@code backup --to FILE}, {@code restore --from FILE}. Exit status:
 * 0 fine, 1 failing cases, 2 a policy, input or database that cannot be used (one line, no stack trace).
 */
@Command(name = "creditdesk", mixinStandardHelpOptions = true,
        subcommands = {CreditdeskCli.PolicyCommand.class, DatabaseCommands.Backup.class, DatabaseCommands.Restore.class},
        description = "Creditdesk: run the server (no arguments), work with refund policies, back up or restore "
                + "the database.")
public final class CreditdeskCli {

    public static final int INVALID = 2;

    private final Function<String, String> env;
    private final Clock clock;
    private PrintWriter out;
    private PrintWriter err;

    private CreditdeskCli(Function<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    /** True when the arguments ask for a CLI command rather than the server. */
    public static boolean handles(String[] args) {
        return args.length > 0 && List.of("policy", "backup", "restore", "--help", "-h").contains(args[0]);
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System::getenv, Clock.systemUTC());
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, reading environment variables from {@code env}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Function<String, String> env, Clock clock) {
        CreditdeskCli command = new CreditdeskCli(env, clock);
        command.out = out;
        command.err = err;
        CommandLine cli = new CommandLine(command);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + e.getMessage());
            return INVALID;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return INVALID;
        });
        return cli.execute(args);
    }

    Function<String, String> env() {
        return env;
    }

    Clock clock() {
        return clock;
    }

    PrintWriter out() {
        return out;
    }

    /** Prints why a command could not be done, in one line, and answers {@link #INVALID}. */
    int fail(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        err.println("error: " + (newline < 0 ? message : message.substring(0, newline)));
        return INVALID;
    }

    /** The business days of {@code country}'s calendar, or null without one; an unknown country is refused. */
    static BusinessDays businessDays(String country) {
        if (country == null) {
            return null;
        }
        BusinessCalendar calendar = new BusinessCalendar();
        if (!calendar.knows(country)) {
            throw new IllegalArgumentException("--holiday-country: '" + country
                    + "' is not an ISO 3166 country code with a holiday calendar");
        }
        return date -> calendar.isBusinessDay(country, date);
    }

    @Command(name = "policy", description = "Lint, test, explain and simulate refund policies.",
            subcommands = {Lint.class, Test.class, Explain.class, SimulateCommand.class})
    static final class PolicyCommand {
    }

    @Command(name = "lint", description = "Check policy files: YAML, keys, citations, CEL types. "
            + "Warnings (such as a business-day window without --holiday-country) do not fail.")
    static final class Lint implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Option(names = "--holiday-country", paramLabel = "XX",
                description = "The tenant's holiday country (ISO 3166), which business-day windows count with.")
        String holidayCountry;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            businessDays(holidayCountry);
            PolicyDocuments documents = PolicyDocuments.standard();
            int status = 0;
            for (Path file : files) {
                try {
                    var policy = documents.load(file.toString(), Files.readString(file)).policy();
                    PrintWriter out = spec.commandLine().getOut();
                    out.println(file + ": ok (" + policy.id() + " " + policy.version() + ", "
                            + policy.rules().size() + " rules)");
                    if (policy.usesBusinessDays() && holidayCountry == null) {
                        out.println(file + ": warning: business-day windows count the tenant's holidays; without "
                                + "--holiday-country they cannot be evaluated here (the server uses the tenant's "
                                + "holiday_country)");
                    }
                } catch (PolicyException e) {
                    e.problems().forEach(spec.commandLine().getErr()::println);
                    status = INVALID;
                }
            }
            return status;
        }
    }

    @Command(name = "test", description = "Run a cases file against a policy; one line per failing case.")
    static final class Test implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--cases", required = true, paramLabel = "CASES.yaml")
        Path cases;

        @Option(names = "--holiday-country", paramLabel = "XX",
                description = "The tenant's holiday country (ISO 3166), for cases that list no holidays.")
        String holidayCountry;

        @Option(names = "--strict", description = "Fail (status 1) when a rule is never matched by any case.")
        boolean strict;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            BusinessDays businessDays = businessDays(holidayCountry);
            PolicyDocuments.Loaded policy;
            try {
                policy = PolicyDocuments.standard().load(file.toString(), Files.readString(file));
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                return INVALID;
            }
            List<PolicyDocuments.CaseResult> results;
            try {
                results = policy.test(cases.toString(), Files.readString(cases), null, businessDays);
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return INVALID;
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            results.stream().filter(r -> !r.passed())
                    .forEach(r -> out.println("FAIL " + r.name() + ": " + String.join("; ", r.failures())));
            List<String> unreached = policy.unreached(results);
            if (!unreached.isEmpty()) {
                out.println("warning: never matched by any case: " + String.join(", ", unreached));
            }
            out.println((results.size() - failed) + " passed, " + failed + " failed");
            return failed == 0 && (!strict || unreached.isEmpty()) ? 0 : 1;
        }
    }

    @Command(name = "explain", description = "Evaluate facts against a policy and print the decision with its trace as JSON.")
    static final class Explain implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--facts", required = true, paramLabel = "FACTS.json")
        Path facts;

        @Option(names = "--timezone", paramLabel = "ZONE", description = "The tenant's timezone, if the facts do not say.")
        String timezone;

        @Option(names = "--holiday-country", paramLabel = "XX",
                description = "The tenant's holiday country (ISO 3166), if the facts list no holidays.")
        String holidayCountry;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            BusinessDays businessDays = businessDays(holidayCountry);
            JsonMapper json = JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .build();
            PolicyDocuments.Loaded policy;
            try {
                policy = PolicyDocuments.standard().load(file.toString(), Files.readString(file));
            } catch (PolicyException e) {
                e.problems().forEach(err::println);
                return INVALID;
            }
            Decision decision;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> raw = json.readValue(Files.readString(facts), Map.class);
                Facts read = PolicyDocuments.facts(raw, timezone, businessDays);
                decision = policy.evaluate(read);
            } catch (RuntimeException e) {
                err.println(facts + ": " + e.getMessage());
                return INVALID;
            }
            spec.commandLine().getOut().println(json.writeValueAsString(decision.toJson()));
            return 0;
        }
    }
}
