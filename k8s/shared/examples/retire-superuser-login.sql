-- For a reference database first started from a postgres.yaml before the service got a login of its own:
-- there initdb made the service's user (aurora) the bootstrap superuser, which PostgreSQL cannot demote.
-- This creates the superuser of aurora-postgres-admin, retires the old role (renamed <user>_bootstrap,
-- no login, still the owner of the system catalogs) and creates the service's user anew, without
-- privileges, owning the database, its public schema and every table in it (each table's sequences follow).
-- Apply the new postgres.yaml and the admin Secret first, so that the pod has both logins in its
-- environment; then, with the service stopped, run it in the pod as the service's user:
--   kubectl scale -n vaultmesh deployment/aurora-intelligence --replicas=0
--   kubectl exec -i -n vaultmesh aurora-postgres-0 -- psql -v ON_ERROR_STOP=1 -U aurora -d aurora \
--     < k8s/shared/examples/retire-superuser-login.sql
--   kubectl scale -n vaultmesh deployment/aurora-intelligence --replicas=2
-- ReferencePostgresRoleTests runs it on such a database.
\getenv admin_user POSTGRES_USER
\getenv admin_password POSTGRES_PASSWORD
\getenv app_user AURORA_USER
\getenv app_password AURORA_PASSWORD
\set retired :app_user '_bootstrap'
CREATE ROLE :"admin_user" LOGIN SUPERUSER PASSWORD :'admin_password';
\connect - :"admin_user"
ALTER ROLE :"app_user" RENAME TO :"retired";
ALTER ROLE :"retired" NOLOGIN;
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER DATABASE :"DBNAME" OWNER TO :"app_user";
ALTER SCHEMA public OWNER TO :"app_user";
SELECT format('ALTER TABLE public.%I OWNER TO %I', c.relname, :'app_user')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
\gexec
REVOKE ALL ON DATABASE :"DBNAME" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"app_user";
