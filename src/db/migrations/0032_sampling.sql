CREATE TABLE "record_mark" (
	"kind" text NOT NULL,
	"record_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"result" text NOT NULL,
	"verification_id" integer NOT NULL,
	CONSTRAINT "record_mark_pk" PRIMARY KEY("kind","record_id")
);
--> statement-breakpoint
CREATE TABLE "sample_draw" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date NOT NULL,
	"kinds" text[] NOT NULL,
	"size" integer NOT NULL,
	"seed" text NOT NULL,
	"weighting" text NOT NULL,
	"candidates" integer NOT NULL,
	"candidates_digest" text NOT NULL,
	"drawn_by" integer,
	"drawn_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sample_draw_period_ck" CHECK ("sample_draw"."period_to" >= "sample_draw"."period_from"),
	CONSTRAINT "sample_draw_size_ck" CHECK ("sample_draw"."size" > 0),
	CONSTRAINT "sample_draw_kinds_ck" CHECK (cardinality("sample_draw"."kinds") > 0 and "sample_draw"."kinds" <@ array['meeting','dues_payment','recruitment_step']::text[])
);
--> statement-breakpoint
CREATE TABLE "sample_item" (
	"id" serial PRIMARY KEY NOT NULL,
	"draw_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"record_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"weight" integer NOT NULL,
	"signals" text[] DEFAULT '{}'::text[] NOT NULL,
	"summary" text NOT NULL,
	CONSTRAINT "sample_item_kind_ck" CHECK ("sample_item"."kind" in ('meeting','dues_payment','recruitment_step'))
);
--> statement-breakpoint
CREATE TABLE "sample_verification" (
	"id" serial PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"kind" text NOT NULL,
	"record_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"result" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"verifier" text NOT NULL,
	"verified_on" date NOT NULL,
	"recorded_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sample_verification_result_ck" CHECK ("sample_verification"."result" in ('true','partly','false'))
);
--> statement-breakpoint
ALTER TABLE "sample_draw" ADD CONSTRAINT "sample_draw_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_item" ADD CONSTRAINT "sample_item_draw_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."sample_draw"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_item" ADD CONSTRAINT "sample_item_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_verification" ADD CONSTRAINT "sample_verification_item_fk" FOREIGN KEY ("item_id") REFERENCES "public"."sample_item"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sample_verification" ADD CONSTRAINT "sample_verification_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sample_draw_org_idx" ON "sample_draw" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sample_item_draw_position_uq" ON "sample_item" USING btree ("draw_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "sample_item_draw_record_uq" ON "sample_item" USING btree ("draw_id","kind","record_id");--> statement-breakpoint
CREATE INDEX "sample_item_record_idx" ON "sample_item" USING btree ("kind","record_id");--> statement-breakpoint
CREATE INDEX "sample_verification_item_idx" ON "sample_verification" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "sample_verification_record_idx" ON "sample_verification" USING btree ("kind","record_id","id");
--> statement-breakpoint
-- Hand-written (decision 0038). The draws, their items and the verifications are audited and append-only: a draw
-- one does not like stays on the list, a revised verification is a new entry (a restore writes with TRUNCATE and
-- COPY, which fire no row trigger).
CREATE TRIGGER sample_draw_audit AFTER INSERT OR UPDATE OR DELETE ON sample_draw FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER sample_item_audit AFTER INSERT OR UPDATE OR DELETE ON sample_item FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER sample_verification_audit AFTER INSERT OR UPDATE OR DELETE ON sample_verification FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE FUNCTION jiceng_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (decision 0038)', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER sample_draw_append_only BEFORE UPDATE OR DELETE ON sample_draw FOR EACH ROW
  EXECUTE FUNCTION jiceng_append_only();
--> statement-breakpoint
CREATE TRIGGER sample_item_append_only BEFORE UPDATE OR DELETE ON sample_item FOR EACH ROW
  EXECUTE FUNCTION jiceng_append_only();
--> statement-breakpoint
CREATE TRIGGER sample_verification_append_only BEFORE UPDATE OR DELETE ON sample_verification FOR EACH ROW
  EXECUTE FUNCTION jiceng_append_only();
--> statement-breakpoint
-- A mark set or revised changes what the marked meeting's org held: its org is marked for the life rollup's refresh
-- like any other fact of compliance (0018).
CREATE TRIGGER record_mark_life_ins AFTER INSERT ON record_mark REFERENCING NEW TABLE AS life_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_dirty_new();
--> statement-breakpoint
CREATE TRIGGER record_mark_life_upd AFTER UPDATE ON record_mark REFERENCING OLD TABLE AS life_old_rows
  NEW TABLE AS life_new_rows FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_dirty_both();
--> statement-breakpoint
CREATE TRIGGER record_mark_life_del AFTER DELETE ON record_mark REFERENCING OLD TABLE AS life_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_life_dirty_old();
