package io.aurora.intelligence;

import java.util.Arrays;

import io.aurora.intelligence.simulator.SimulatorCli;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Aurora Intelligence: a self-hosted decision service that routes compute work and learns from feedback. */
@SpringBootApplication
public class AuroraIntelligenceApplication {

	/** Starts the service, or runs the market simulator when the first argument is {@code simulate}. */
	public static void main(String[] args) throws Exception {
		if (args.length > 0 && "simulate".equals(args[0])) {
			int status = SimulatorCli.execute(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
			if (status != 0) {
				System.exit(status);
			}
			return;
		}
		SpringApplication.run(AuroraIntelligenceApplication.class, args);
	}

}
