CREATE TABLE "division_row" (
	"table_id" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"township_code" text NOT NULL,
	"urban_rural" text,
	CONSTRAINT "division_row_pk" PRIMARY KEY("table_id","code"),
	CONSTRAINT "division_row_level_ck" CHECK (("division_row"."level" = 'township' and "division_row"."code" ~ '^[0-9]{9}$' and "division_row"."township_code" = "division_row"."code")
        or ("division_row"."level" = 'village' and "division_row"."code" ~ '^[0-9]{12}$' and "division_row"."township_code" = left("division_row"."code", 9))),
	CONSTRAINT "division_row_urban_rural_ck" CHECK ("division_row"."urban_rural" is null or "division_row"."urban_rural" in ('111','112','121','122','123','210','220'))
);
--> statement-breakpoint
CREATE TABLE "division_table" (
	"id" serial PRIMARY KEY NOT NULL,
	"county_code" text NOT NULL,
	"effective_from" date NOT NULL,
	"source" text NOT NULL,
	"townships" integer NOT NULL,
	"villages" integer NOT NULL,
	"imported_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "division_table_county_ck" CHECK ("division_table"."county_code" ~ '^[0-9]{6}$')
);
--> statement-breakpoint
ALTER TABLE "division_row" ADD CONSTRAINT "division_row_table_fk" FOREIGN KEY ("table_id") REFERENCES "public"."division_table"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "division_table_effective_idx" ON "division_table" USING btree ("effective_from","id");--> statement-breakpoint
-- Hand-written (decision 0039). A county's division table and its rows are audited row by row (a restore writes with
-- TRUNCATE and COPY, which fire no row trigger); a version is never edited, a new import is a new version.
CREATE TRIGGER division_table_audit AFTER INSERT OR UPDATE OR DELETE ON division_table FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
--> statement-breakpoint
CREATE TRIGGER division_row_audit AFTER INSERT OR UPDATE OR DELETE ON division_row FOR EACH ROW
  WHEN (current_setting('jiceng.bulk', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION jiceng_audit_row();
