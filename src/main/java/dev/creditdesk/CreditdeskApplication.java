package dev.creditdesk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;

@SpringBootApplication
@Modulithic(sharedModules = "shared")
public class CreditdeskApplication {

    public static void main(String[] args) {
        SpringApplication.run(CreditdeskApplication.class, args);
    }
}
