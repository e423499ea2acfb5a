CREATE TABLE "org_warning" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"indicator" text NOT NULL,
	"level" text NOT NULL,
	"since" date NOT NULL,
	"opened_on" date NOT NULL,
	"closed_on" date,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "org_warning_level_ck" CHECK ("org_warning"."level" in ('amber','red')),
	CONSTRAINT "org_warning_dates_ck" CHECK ("org_warning"."closed_on" is null or "org_warning"."closed_on" >= "org_warning"."opened_on")
);
--> statement-breakpoint
CREATE TABLE "warning_explanation" (
	"id" serial PRIMARY KEY NOT NULL,
	"warning_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"kind" text NOT NULL,
	"note" text NOT NULL,
	"explained_on" date NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "warning_explanation_kind_ck" CHECK ("warning_explanation"."kind" in ('postponement','reason'))
);
--> statement-breakpoint
ALTER TABLE "org_warning" ADD CONSTRAINT "org_warning_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_explanation" ADD CONSTRAINT "warning_explanation_warning_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."org_warning"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warning_explanation" ADD CONSTRAINT "warning_explanation_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "org_warning_open_uq" ON "org_warning" USING btree ("org_id","indicator") WHERE "org_warning"."closed_on" is null;--> statement-breakpoint
CREATE INDEX "org_warning_org_idx" ON "org_warning" USING btree ("org_id","opened_on");--> statement-breakpoint
CREATE INDEX "warning_explanation_warning_idx" ON "warning_explanation" USING btree ("warning_id");--> statement-breakpoint
-- Hand-written (decision 0032): an explanation is a person's write, audited like the other records
CREATE TRIGGER warning_explanation_audit AFTER INSERT OR UPDATE OR DELETE ON warning_explanation FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
