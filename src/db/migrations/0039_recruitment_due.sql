CREATE TABLE "recruitment_due" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"next_due" date,
	"judged_on" date NOT NULL,
	"rules" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "recruitment_due" ADD CONSTRAINT "recruitment_due_case_fk" FOREIGN KEY ("case_id") REFERENCES "public"."recruitment_case"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written (decision 0050). A case's stored deadline is dropped whenever what it was judged from changes: a step
-- written, changed or removed (any writer: the services, imports, the demo, a restore's COPY); the case's status or
-- closing date. A change of the recruitment rule setting needs no trigger: each row names the rule-set history it was
-- judged under, and the overdue list judges live every case judged under another. A case without a usable row is
-- judged live by the overdue list, and judged again by the next write of the case or the daily job recruitment.due.
-- A deleted case takes its row with it (the foreign key cascades).
CREATE FUNCTION jiceng_recruitment_due_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    DELETE FROM recruitment_due d USING recruitment_due_new_steps n WHERE d.case_id = n.case_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM recruitment_due d USING recruitment_due_old_steps o WHERE d.case_id = o.case_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER recruitment_step_due_ins AFTER INSERT ON recruitment_step
  REFERENCING NEW TABLE AS recruitment_due_new_steps
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_due_steps();
--> statement-breakpoint
CREATE TRIGGER recruitment_step_due_upd AFTER UPDATE ON recruitment_step
  REFERENCING OLD TABLE AS recruitment_due_old_steps NEW TABLE AS recruitment_due_new_steps
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_due_steps();
--> statement-breakpoint
CREATE TRIGGER recruitment_step_due_del AFTER DELETE ON recruitment_step
  REFERENCING OLD TABLE AS recruitment_due_old_steps
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_due_steps();
--> statement-breakpoint
CREATE FUNCTION jiceng_recruitment_due_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM recruitment_due WHERE case_id = OLD.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER recruitment_case_due_upd AFTER UPDATE ON recruitment_case
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.closed_on IS DISTINCT FROM NEW.closed_on)
  EXECUTE FUNCTION jiceng_recruitment_due_case();
