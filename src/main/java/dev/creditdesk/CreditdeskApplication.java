package dev.creditdesk;

import dev.creditdesk.cli.CreditdeskCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

@SpringBootApplication
@Modulithic(sharedModules = "shared")
public class CreditdeskApplication {

    public static void main(String[] args) {
        if (CreditdeskCli.handles(args)) {
            // the libraries a command uses (Flyway, the embedded PostgreSQL) would log at debug without Spring
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
            java.io.PrintWriter out = new java.io.PrintWriter(System.out, true);
            java.io.PrintWriter err = new java.io.PrintWriter(System.err, true);
            System.exit(CreditdeskCli.run(args, out, err));
        }
        String[] serverArgs = args.length > 0 && "serve".equals(args[0])
                ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        SpringApplication.run(CreditdeskApplication.class, serverArgs);
    }
}
