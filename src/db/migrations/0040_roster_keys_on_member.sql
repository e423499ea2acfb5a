-- The person's roster keys kept on the membership (decision 0049, issue 9 #7): the name's sort key (compared byte by
-- byte, as the roster's name order is: decision 0014), the sex and the birth date, and an index that gives a
-- subtree's page in name order — filtered by status, sex or an age band — from index entries alone, without
-- reading a person. The keys are written with the membership (COPY, INSERT_MEMBER_SQL) or filled from the person by
-- member_roster_keys, and rewritten when the person's change by person_roster_keys; both fire also under
-- session_replication_role = replica (the bulk writers'), so no write path can leave them stale.
ALTER TABLE "member" ADD COLUMN "roster_name" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "roster_sex" text;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "roster_birth" date;--> statement-breakpoint
-- a membership written without its keys (a new membership of a person who exists, a restore of an older backup) or
-- moved to another person takes them from its person; a COPY of new members writes them itself (they are the
-- person's of the same line), so that path costs no look-up
CREATE FUNCTION jiceng_member_roster_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' AND NEW.roster_sex IS NOT NULL THEN
    RETURN NEW;
  END IF;
  SELECT p.name_sort, p.sex, p.birth_date INTO NEW.roster_name, NEW.roster_sex, NEW.roster_birth
    FROM person p WHERE p.id = NEW.person_id;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER member_roster_keys BEFORE INSERT OR UPDATE OF person_id ON member FOR EACH ROW
  EXECUTE FUNCTION jiceng_member_roster_keys();--> statement-breakpoint
ALTER TABLE member ENABLE ALWAYS TRIGGER member_roster_keys;--> statement-breakpoint
-- a rename (a correction, the search.keys job filling a missing sort key), a corrected sex or birth date: every
-- membership of the person takes the new keys. The person's own audit entry records the change; the copies are not
-- the membership's history, so their rewrite is written as a bulk write (no member audit entry), then the flag is
-- put back as it was.
CREATE FUNCTION jiceng_person_roster_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bulk text := current_setting('jiceng.bulk', true);
BEGIN
  PERFORM set_config('jiceng.bulk', 'on', true);
  UPDATE member SET roster_name = NEW.name_sort, roster_sex = NEW.sex, roster_birth = NEW.birth_date
   WHERE person_id = NEW.id;
  PERFORM set_config('jiceng.bulk', coalesce(bulk, ''), true);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER person_roster_keys AFTER UPDATE OF name_sort, sex, birth_date ON person FOR EACH ROW
  WHEN (OLD.name_sort IS DISTINCT FROM NEW.name_sort OR OLD.sex IS DISTINCT FROM NEW.sex
        OR OLD.birth_date IS DISTINCT FROM NEW.birth_date)
  EXECUTE FUNCTION jiceng_person_roster_keys();--> statement-breakpoint
ALTER TABLE person ENABLE ALWAYS TRIGGER person_roster_keys;--> statement-breakpoint
-- the memberships written before: their keys from their persons, as one bulk write (no audit entry per row)
SELECT set_config('jiceng.bulk', 'on', true);--> statement-breakpoint
UPDATE member m SET roster_name = p.name_sort, roster_sex = p.sex, roster_birth = p.birth_date
  FROM person p WHERE p.id = m.person_id;--> statement-breakpoint
SELECT set_config('jiceng.bulk', 'off', true);--> statement-breakpoint
CREATE INDEX "member_org_name_idx" ON "member" USING btree ("org_id","roster_name","id","status","roster_sex","roster_birth");
