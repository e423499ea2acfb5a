CREATE TABLE "secretary_review" (
	"id" serial PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"as_of" date NOT NULL,
	"held_on" date,
	"participants" integer,
	"note" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secretary_review_participants_ck" CHECK ("secretary_review"."participants" is null or "secretary_review"."participants" >= 0)
);
--> statement-breakpoint
CREATE TABLE "secretary_review_entry" (
	"id" serial PRIMARY KEY NOT NULL,
	"review_id" integer NOT NULL,
	"org_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"report" text DEFAULT '' NOT NULL,
	"votes_good" integer,
	"votes_fairly_good" integer,
	"votes_average" integer,
	"votes_poor" integer,
	"suggested" text,
	"grade" text,
	"grade_note" text DEFAULT '' NOT NULL,
	"problems" text DEFAULT '' NOT NULL,
	"rectification" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"talk_on" date,
	"talk_note" text,
	"adjust_on" date,
	"adjust_note" text,
	"screen_on" date,
	"screen_note" text,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "secretary_review_entry_grade_ck" CHECK (("secretary_review_entry"."grade" is null or "secretary_review_entry"."grade" in ('good','fairly_good','average','poor'))
        and ("secretary_review_entry"."suggested" is null or "secretary_review_entry"."suggested" in ('good','fairly_good','average','poor'))),
	CONSTRAINT "secretary_review_entry_votes_ck" CHECK (coalesce("secretary_review_entry"."votes_good", 0) >= 0 and coalesce("secretary_review_entry"."votes_fairly_good", 0) >= 0
        and coalesce("secretary_review_entry"."votes_average", 0) >= 0 and coalesce("secretary_review_entry"."votes_poor", 0) >= 0)
);
--> statement-breakpoint
ALTER TABLE "secretary_review" ADD CONSTRAINT "secretary_review_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_review_entry" ADD CONSTRAINT "secretary_review_entry_review_fk" FOREIGN KEY ("review_id") REFERENCES "public"."secretary_review"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_review_entry" ADD CONSTRAINT "secretary_review_entry_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."org"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "secretary_review_entry" ADD CONSTRAINT "secretary_review_entry_member_fk" FOREIGN KEY ("member_id") REFERENCES "public"."member"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "secretary_review_org_year_uq" ON "secretary_review" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "secretary_review_entry_review_org_uq" ON "secretary_review_entry" USING btree ("review_id","org_id");--> statement-breakpoint
CREATE INDEX "secretary_review_entry_org_idx" ON "secretary_review_entry" USING btree ("org_id");--> statement-breakpoint
-- Hand-written (decision 0037): the rounds and the secretaries' reports and grades are audited like the other records
CREATE TRIGGER secretary_review_audit AFTER INSERT OR UPDATE OR DELETE ON secretary_review FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();--> statement-breakpoint
CREATE TRIGGER secretary_review_entry_audit AFTER INSERT OR UPDATE OR DELETE ON secretary_review_entry FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
