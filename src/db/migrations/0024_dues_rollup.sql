CREATE TABLE "dues_dirty" (
	"org_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_line" (
	"member_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"category" text,
	"base_fen" integer,
	"relief" text,
	"due" integer,
	"paid" integer NOT NULL,
	"state" text NOT NULL,
	"arrears_months" integer NOT NULL,
	"arrears" integer NOT NULL,
	"flag" text,
	"basis_from" text,
	"recheck_due" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dues_own" (
	"org_id" integer NOT NULL,
	"month" date NOT NULL,
	"members" integer NOT NULL,
	"due" bigint NOT NULL,
	"paid" bigint NOT NULL,
	"unknown" integer NOT NULL,
	"short" integer NOT NULL,
	"arrears" bigint NOT NULL,
	"three_months" integer NOT NULL,
	"six_months" integer NOT NULL,
	CONSTRAINT "dues_own_pk" PRIMARY KEY("org_id","month")
);
--> statement-breakpoint
CREATE TABLE "dues_roll" (
	"org_id" integer NOT NULL,
	"month" date NOT NULL,
	"members" integer NOT NULL,
	"due" bigint NOT NULL,
	"paid" bigint NOT NULL,
	"unknown" integer NOT NULL,
	"short" integer NOT NULL,
	"arrears" bigint NOT NULL,
	"three_months" integer NOT NULL,
	"six_months" integer NOT NULL,
	CONSTRAINT "dues_roll_pk" PRIMARY KEY("org_id","month")
);
--> statement-breakpoint
CREATE TABLE "dues_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"from_month" date NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dues_line_org_ix" ON "dues_line" USING btree ("org_id");
--> statement-breakpoint
-- Hand-written (decision 0031). Every statement that changes a fact dues are judged from marks the orgs whose cells
-- it may change in dues_dirty: a dues record marks every org its member was ever on the roster of (their months are
-- counted there), a roster period its org. One INSERT per statement from the transition table, bulk writes and COPY
-- included; nothing while a restore writes the backup's own rows (as 0021).
CREATE FUNCTION jiceng_dues_dirty_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dues_dirty (org_id) SELECT DISTINCT per.org_id FROM member_period per
      WHERE per.member_id IN (SELECT member_id FROM dues_new_rows) ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO dues_dirty (org_id) SELECT DISTINCT per.org_id FROM member_period per
      WHERE per.member_id IN (SELECT member_id FROM dues_old_rows) ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO dues_dirty (org_id) SELECT DISTINCT per.org_id FROM member_period per
      WHERE per.member_id IN (SELECT member_id FROM dues_old_rows UNION SELECT member_id FROM dues_new_rows)
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION jiceng_dues_dirty_orgs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO dues_dirty (org_id) SELECT DISTINCT org_id FROM dues_new_rows ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO dues_dirty (org_id) SELECT DISTINCT org_id FROM dues_old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO dues_dirty (org_id)
      SELECT org_id FROM dues_old_rows UNION SELECT org_id FROM dues_new_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['dues_basis', 'dues_relief', 'dues_payment', 'member_period'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS dues_new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_dues_ins', t,
                   CASE WHEN t = 'member_period' THEN 'jiceng_dues_dirty_orgs' ELSE 'jiceng_dues_dirty_members' END);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS dues_old_rows
                      NEW TABLE AS dues_new_rows FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_dues_upd', t,
                   CASE WHEN t = 'member_period' THEN 'jiceng_dues_dirty_orgs' ELSE 'jiceng_dues_dirty_members' END);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS dues_old_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION %I()', t || '_dues_del', t,
                   CASE WHEN t = 'member_period' THEN 'jiceng_dues_dirty_orgs' ELSE 'jiceng_dues_dirty_members' END);
  END LOOP;
END $$;
--> statement-breakpoint
-- A change of a local setting (the farmers' amount, the rounding, the re-check period) re-judges every member: the
-- rollup is dropped, reads are live until the job dues.roll, made due at once, has rebuilt it.
CREATE FUNCTION jiceng_dues_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  DELETE FROM dues_state;
  UPDATE job SET next_due_at = now() WHERE name = 'dues.roll';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER local_setting_dues AFTER INSERT OR UPDATE OR DELETE ON local_setting
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_dues_invalidate();
