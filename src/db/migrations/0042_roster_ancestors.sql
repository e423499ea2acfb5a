-- A subtree's roster page in name order as one index range (decision 0051, issue 9 #7): each membership keeps the ids
-- of its org's ancestors at depths 0–3 (the root, a city, a county, a township — the org itself at its own depth,
-- NULL below it), and an index per depth (ancestor, name's sort key, id, and what the roster filters on) over the
-- members on the roster gives the page of any subtree rooted at those depths by reading ~50 entries. Written with
-- the membership (a COPY line brings them), filled from the org's path by member_roster_keys on any other insert and
-- on a change of org, and rewritten for an org's members when its path changes (a move of it or of an ancestor).
ALTER TABLE "member" ADD COLUMN "roster_anc0" integer;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "roster_anc1" integer;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "roster_anc2" integer;--> statement-breakpoint
ALTER TABLE "member" ADD COLUMN "roster_anc3" integer;--> statement-breakpoint
-- the id at depth k of an org path '/1/5/17/' (the root at depth 0), NULL below the path's depth
CREATE FUNCTION jiceng_path_ancestor(path text, k integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(split_part(path, '/', k + 2), '')::integer $$;--> statement-breakpoint
-- the membership's keys when the writer did not bring them: its person's (decision 0049) and its org's ancestors.
-- A COPY of new members brings both (roster_sex and roster_anc0 are never NULL then: every org has a root), so that
-- path costs one PL/pgSQL call that returns at once.
CREATE OR REPLACE FUNCTION jiceng_member_roster_keys() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  opath text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.roster_sex IS NOT NULL AND NEW.roster_anc0 IS NOT NULL THEN
      RETURN NEW;
    END IF;
  END IF;
  IF (TG_OP = 'INSERT' AND NEW.roster_sex IS NULL)
     OR (TG_OP = 'UPDATE' AND NEW.person_id IS DISTINCT FROM OLD.person_id) THEN
    SELECT p.name_sort, p.sex, p.birth_date INTO NEW.roster_name, NEW.roster_sex, NEW.roster_birth
      FROM person p WHERE p.id = NEW.person_id;
  END IF;
  IF (TG_OP = 'INSERT' AND NEW.roster_anc0 IS NULL)
     OR (TG_OP = 'UPDATE' AND NEW.org_id IS DISTINCT FROM OLD.org_id) THEN
    SELECT o.path INTO opath FROM org o WHERE o.id = NEW.org_id;
    NEW.roster_anc0 := jiceng_path_ancestor(opath, 0);
    NEW.roster_anc1 := jiceng_path_ancestor(opath, 1);
    NEW.roster_anc2 := jiceng_path_ancestor(opath, 2);
    NEW.roster_anc3 := jiceng_path_ancestor(opath, 3);
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
DROP TRIGGER member_roster_keys ON member;--> statement-breakpoint
CREATE TRIGGER member_roster_keys BEFORE INSERT OR UPDATE OF person_id, org_id ON member FOR EACH ROW
  EXECUTE FUNCTION jiceng_member_roster_keys();--> statement-breakpoint
ALTER TABLE member ENABLE ALWAYS TRIGGER member_roster_keys;--> statement-breakpoint
-- an org whose path changes (it or an ancestor moved to another parent; rare): its own members take the new
-- ancestors (each org of a moved subtree is updated, so each rewrites its own). Bookkeeping, not the membership's
-- history: written as a bulk write (no member audit entry), the flag then put back as it was.
CREATE FUNCTION jiceng_org_roster_ancestors() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bulk text := current_setting('jiceng.bulk', true);
BEGIN
  PERFORM set_config('jiceng.bulk', 'on', true);
  UPDATE member SET roster_anc0 = jiceng_path_ancestor(NEW.path, 0), roster_anc1 = jiceng_path_ancestor(NEW.path, 1),
         roster_anc2 = jiceng_path_ancestor(NEW.path, 2), roster_anc3 = jiceng_path_ancestor(NEW.path, 3)
   WHERE org_id = NEW.id;
  PERFORM set_config('jiceng.bulk', coalesce(bulk, ''), true);
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER org_roster_ancestors AFTER UPDATE OF path ON org FOR EACH ROW
  WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION jiceng_org_roster_ancestors();--> statement-breakpoint
ALTER TABLE org ENABLE ALWAYS TRIGGER org_roster_ancestors;--> statement-breakpoint
-- the memberships written before: their ancestors from their orgs' paths, as one bulk write (no audit entry per row)
SELECT set_config('jiceng.bulk', 'on', true);--> statement-breakpoint
UPDATE member m SET roster_anc0 = jiceng_path_ancestor(o.path, 0), roster_anc1 = jiceng_path_ancestor(o.path, 1),
       roster_anc2 = jiceng_path_ancestor(o.path, 2), roster_anc3 = jiceng_path_ancestor(o.path, 3)
  FROM org o WHERE o.id = m.org_id;--> statement-breakpoint
SELECT set_config('jiceng.bulk', 'off', true);--> statement-breakpoint
CREATE INDEX "member_anc0_name_idx" ON "member" USING btree ("roster_anc0","roster_name","id","status","roster_sex","roster_birth") WHERE "member"."status" in ('full','probationary');--> statement-breakpoint
CREATE INDEX "member_anc1_name_idx" ON "member" USING btree ("roster_anc1","roster_name","id","status","roster_sex","roster_birth") WHERE "member"."status" in ('full','probationary');--> statement-breakpoint
CREATE INDEX "member_anc2_name_idx" ON "member" USING btree ("roster_anc2","roster_name","id","status","roster_sex","roster_birth") WHERE "member"."status" in ('full','probationary');--> statement-breakpoint
CREATE INDEX "member_anc3_name_idx" ON "member" USING btree ("roster_anc3","roster_name","id","status","roster_sex","roster_birth") WHERE "member"."status" in ('full','probationary');
