package io.aurora.intelligence;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Aurora Intelligence: a self-hosted decision service that routes compute work and learns from feedback. */
@SpringBootApplication
public class AuroraIntelligenceApplication {

	/** Starts the service. */
	public static void main(String[] args) {
		SpringApplication.run(AuroraIntelligenceApplication.class, args);
	}

}
