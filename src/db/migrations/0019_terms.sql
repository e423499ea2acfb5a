CREATE TABLE "election" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"held_on" date NOT NULL,
	"method" text NOT NULL,
	"entitled" integer NOT NULL,
	"present" integer NOT NULL,
	"candidates" jsonb NOT NULL,
	"valid" boolean NOT NULL,
	"term_id" integer,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "election_method_ck" CHECK ("election"."method" in ('general_meeting','congress')),
	CONSTRAINT "election_counts_ck" CHECK ("election"."present" >= 0 AND "election"."present" <= "election"."entitled")
);
--> statement-breakpoint
CREATE TABLE "org_term_change" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"term_id" integer NOT NULL,
	"kind" text NOT NULL,
	"due_on" date NOT NULL,
	"approved_by" text NOT NULL,
	"document_no" text NOT NULL,
	"approved_on" date NOT NULL,
	"note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "org_term_change_kind_ck" CHECK ("org_term_change"."kind" in ('postpone','advance'))
);
--> statement-breakpoint
ALTER TABLE "election" ADD CONSTRAINT "election_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "election" ADD CONSTRAINT "election_term_fk" FOREIGN KEY ("term_id") REFERENCES "public"."org_term"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_term_change" ADD CONSTRAINT "org_term_change_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "org_term_change" ADD CONSTRAINT "org_term_change_term_fk" FOREIGN KEY ("term_id") REFERENCES "public"."org_term"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "election_org_idx" ON "election" USING btree ("org_id","held_on");--> statement-breakpoint
CREATE INDEX "org_term_change_org_idx" ON "org_term_change" USING btree ("org_id","term_id");
--> statement-breakpoint
-- Hand-written (decision 0023): elections and approved moves of a term's due date are audited like org_term
CREATE TRIGGER election_audit AFTER INSERT OR UPDATE OR DELETE ON election FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER org_term_change_audit AFTER INSERT OR UPDATE OR DELETE ON org_term_change FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
