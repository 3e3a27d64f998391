package io.aurora.intelligence.store;

import java.sql.SQLException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Drops a PostgreSQL session that refused a write as read only (SQLSTATE 25006): one opened while its database or role
 * had {@code default_transaction_read_only} on, or on a server that was a standby then, stays read only for its
 * whole life, so the pool would otherwise keep refusing writes after the database takes them again.
 */
final class ReadOnlySessions implements SQLExceptionOverride {

	/** PostgreSQL's SQLSTATE read_only_sql_transaction. */
	static final String READ_ONLY = "25006";

	/** Asked by Hikari of each exception in the chain ({@link SQLException#getNextException}) a connection threw. */
	@java.lang.Override
	public SQLExceptionOverride.Override adjudicate(SQLException ex) {
		return READ_ONLY.equals(ex.getSQLState()) ? SQLExceptionOverride.Override.MUST_EVICT
				: SQLExceptionOverride.Override.CONTINUE_EVICT;
	}

}
