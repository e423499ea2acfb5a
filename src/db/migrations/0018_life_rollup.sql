CREATE TABLE "life_dirty" (
	"org_id" integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "life_own" (
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"type" text NOT NULL,
	"expected" integer NOT NULL,
	"held" integer NOT NULL,
	"pending" integer NOT NULL,
	CONSTRAINT "life_own_pk" PRIMARY KEY("org_id","year","type")
);
--> statement-breakpoint
CREATE TABLE "life_roll" (
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"type" text NOT NULL,
	"period" smallint NOT NULL,
	"expected" integer NOT NULL,
	"held" integer NOT NULL,
	"pending" integer NOT NULL,
	CONSTRAINT "life_roll_pk" PRIMARY KEY("org_id","year","type","period")
);
--> statement-breakpoint
CREATE TABLE "life_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"as_of" date NOT NULL,
	"from_year" smallint NOT NULL
);
--> statement-breakpoint
-- Hand-written (decision 0024). Every statement that changes a fact organisational-life compliance is judged from
-- marks the orgs it touched in life_dirty (one INSERT per statement from its transition table, also for bulk
-- writes and COPY), so no writer can forget the rollup; the refresh (in the meeting writer's transaction, or at the
-- next read, or the job) judges them again and moves the difference into their ancestors' cells.
CREATE FUNCTION jiceng_life_dirty_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO life_dirty (org_id) SELECT DISTINCT org_id FROM life_new_rows WHERE org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION jiceng_life_dirty_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO life_dirty (org_id) SELECT DISTINCT org_id FROM life_old_rows WHERE org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION jiceng_life_dirty_both() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO life_dirty (org_id)
    SELECT org_id FROM life_old_rows WHERE org_id IS NOT NULL
    UNION SELECT org_id FROM life_new_rows WHERE org_id IS NOT NULL
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['meeting', 'org_version', 'member_period', 'committee_post', 'party_group_member',
                           'heart_talk', 'heart_talk_party'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS life_new_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_dirty_new()', t || '_life_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS life_old_rows
                      NEW TABLE AS life_new_rows FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_dirty_both()',
                   t || '_life_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS life_old_rows
                      FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_dirty_old()', t || '_life_del', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- A change of a local setting (the party-lecture period) re-judges every org: the rollup is dropped, reads are live
-- until the job life.roll, made due at once, has rebuilt it.
CREATE FUNCTION jiceng_life_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM life_state;
  UPDATE job SET next_due_at = now() WHERE name = 'life.roll';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER local_setting_life AFTER INSERT OR UPDATE OR DELETE ON local_setting
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_invalidate();
