ALTER TABLE "recruitment_due" ALTER COLUMN "judged_on" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "recruitment_due" ALTER COLUMN "rules" DROP NOT NULL;--> statement-breakpoint
-- Hand-written (decision 0050's session 17 addendum). Every case has a row, which carries the case's org: a county's
-- overdue candidates are one range of `recruitment_due_org_due_idx` per org of the subtree (`next_due` before the
-- day), not one probe per case. What used to be "no row" (never judged, or dropped when the case's steps, status or
-- closing date changed) is now a row marked due at once: `next_due = '-infinity'`, `judged_on` and `rules` null.
ALTER TABLE "recruitment_due" ADD COLUMN "org_id" integer;--> statement-breakpoint
UPDATE recruitment_due d SET org_id = c.org_id FROM recruitment_case c WHERE c.id = d.case_id;--> statement-breakpoint
INSERT INTO recruitment_due (case_id, org_id, next_due)
SELECT c.id, c.org_id, '-infinity'::date FROM recruitment_case c
 WHERE NOT EXISTS (SELECT 1 FROM recruitment_due d WHERE d.case_id = c.id)
 ORDER BY c.id;--> statement-breakpoint
ALTER TABLE "recruitment_due" ALTER COLUMN "org_id" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "recruitment_due_org_due_idx" ON "recruitment_due" USING btree ("org_id","next_due","case_id");--> statement-breakpoint
CREATE INDEX "recruitment_due_rules_idx" ON "recruitment_due" USING btree ("rules","judged_on");--> statement-breakpoint
-- a step written, changed or removed by any writer (the triggers of migration 0039): the case's row is marked due at
-- once instead of dropped
CREATE OR REPLACE FUNCTION jiceng_recruitment_due_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE recruitment_due d SET next_due = '-infinity', judged_on = NULL, rules = NULL
      FROM (SELECT DISTINCT case_id FROM recruitment_due_new_steps) n
     WHERE d.case_id = n.case_id AND d.rules IS NOT NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE recruitment_due d SET next_due = '-infinity', judged_on = NULL, rules = NULL
      FROM (SELECT DISTINCT case_id FROM recruitment_due_old_steps) o
     WHERE d.case_id = o.case_id AND d.rules IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- a new case (any writer: the services, the ledger import, the demo, a restore's COPY) gets its row at once; fires
-- under session_replication_role = replica too, so no case is ever without a row
CREATE FUNCTION jiceng_recruitment_due_case_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO recruitment_due (case_id, org_id, next_due)
  SELECT n.id, n.org_id, '-infinity'::date FROM recruitment_due_new_cases n ORDER BY n.id
  ON CONFLICT (case_id) DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER recruitment_case_due_ins AFTER INSERT ON recruitment_case
  REFERENCING NEW TABLE AS recruitment_due_new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_due_case_ins();
--> statement-breakpoint
ALTER TABLE recruitment_case ENABLE ALWAYS TRIGGER recruitment_case_due_ins;--> statement-breakpoint
-- a case moved to another org takes its row's org with it; a changed status or closing date marks it due at once
CREATE OR REPLACE FUNCTION jiceng_recruitment_due_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_on IS DISTINCT FROM NEW.closed_on THEN
    UPDATE recruitment_due SET org_id = NEW.org_id, next_due = '-infinity', judged_on = NULL, rules = NULL
     WHERE case_id = NEW.id;
  ELSE
    UPDATE recruitment_due SET org_id = NEW.org_id WHERE case_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER recruitment_case_due_upd ON recruitment_case;--> statement-breakpoint
CREATE TRIGGER recruitment_case_due_upd AFTER UPDATE ON recruitment_case
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_on IS DISTINCT FROM NEW.closed_on
                     OR OLD.org_id IS DISTINCT FROM NEW.org_id)
  EXECUTE FUNCTION jiceng_recruitment_due_case();
--> statement-breakpoint
ALTER TABLE recruitment_case ENABLE ALWAYS TRIGGER recruitment_case_due_upd;
