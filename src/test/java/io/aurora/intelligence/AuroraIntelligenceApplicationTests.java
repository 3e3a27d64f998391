package io.aurora.intelligence;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.aurora.intelligence.auditor.ModelCopies;
import io.aurora.intelligence.evaluation.Evaluations;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as assembled: beans that must share one instance do, and the store keeps a connection of its
 * own. It also holds {@link #SEED_DECISION}, the seed's example decision that the end-to-end tests send.
 */
class AuroraIntelligenceApplicationTests extends AbstractEndToEndTests {

	static final String SEED_DECISION = """
			{"task_id": "task-123",
			 "context": {"cpu": 8, "memory_gb": 32, "latency_ms": 50, "region": "us-west"},
			 "candidates": [{"provider": "akash", "sku": "A8", "metadata": {"price_usd_per_hour": 1.1}},
			                {"provider": "vast", "sku": "V4"}]}
			""";

	@Autowired
	DataSource dataSource;

	@Test
	void importsExportsCheckpointsAndEvaluationsShareOneModelCopySlot(ApplicationContext context) {
		ModelCopies slot = context.getBean(ModelCopies.class);
		assertThat(ReflectionTestUtils.getField(context.getBean("logFollower"), "copies")).isSameAs(slot);
		assertThat(ReflectionTestUtils.getField(context.getBean(Evaluations.class), "copies")).isSameAs(slot);
	}

	@Test
	void decisionsCommitWhileRequestsHoldEveryPooledConnection() throws Exception {
		List<Connection> held = new ArrayList<>();
		try {
			for (int i = 0; i < 8; i++) {
				held.add(dataSource.getConnection());
			}
			TestHttp.Response answer = http.post("/decisions", SEED_DECISION);
			assertThat(answer.status()).as("the store writer has a connection of its own: " + answer.body()).isEqualTo(200);
		}
		finally {
			for (Connection connection : held) {
				connection.close();
			}
		}
	}

}
