CREATE TABLE "recruitment_roll" (
	"org_id" integer NOT NULL,
	"status" text NOT NULL,
	"cases" integer NOT NULL,
	CONSTRAINT "recruitment_roll_pk" PRIMARY KEY("org_id","status")
);
--> statement-breakpoint
-- Hand-written (decision 0042). Every statement that opens, moves, advances or closes a recruitment case adds its
-- difference to the open cases of the case's org and every ancestor (the org's path), per status, in key order.
-- Open: applicant, activist, candidate, probationary (as recruitment_case_open_uq). Nothing while a restore writes
-- the backup's own rows (as 0021): the backup holds the counts.
CREATE FUNCTION jiceng_recruitment_roll_add(d_org int[], d_status text[], d_n int[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO recruitment_roll (org_id, status, cases)
  SELECT a.anc, d.status, sum(d.n)::int
    FROM unnest(d_org, d_status, d_n) AS d(org_id, status, n)
    JOIN org o ON o.id = d.org_id
    CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) AS a(anc)
   WHERE d.status IN ('applicant', 'activist', 'candidate', 'probationary')
   GROUP BY a.anc, d.status
  HAVING sum(d.n) <> 0
   ORDER BY a.anc, d.status
  ON CONFLICT (org_id, status) DO UPDATE SET cases = recruitment_roll.cases + excluded.cases
$$;
--> statement-breakpoint
CREATE FUNCTION jiceng_recruitment_roll() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('jiceng.restore', true) = 'on' THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM jiceng_recruitment_roll_add(array_agg(org_id), array_agg(status), array_agg(1))
       FROM recruitment_case_new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM jiceng_recruitment_roll_add(array_agg(org_id), array_agg(status), array_agg(-1))
       FROM recruitment_case_old_rows;
  ELSE
    PERFORM jiceng_recruitment_roll_add(array_agg(org_id), array_agg(status), array_agg(n))
       FROM (SELECT org_id, status, 1 AS n FROM recruitment_case_new_rows
             UNION ALL SELECT org_id, status, -1 FROM recruitment_case_old_rows) d;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER recruitment_case_roll_ins AFTER INSERT ON recruitment_case
  REFERENCING NEW TABLE AS recruitment_case_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_roll();
--> statement-breakpoint
CREATE TRIGGER recruitment_case_roll_upd AFTER UPDATE ON recruitment_case
  REFERENCING OLD TABLE AS recruitment_case_old_rows NEW TABLE AS recruitment_case_new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_roll();
--> statement-breakpoint
CREATE TRIGGER recruitment_case_roll_del AFTER DELETE ON recruitment_case
  REFERENCING OLD TABLE AS recruitment_case_old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jiceng_recruitment_roll();
--> statement-breakpoint
-- The cases already open count from the start.
SELECT jiceng_recruitment_roll_add(array_agg(c.org_id), array_agg(c.status), array_agg(1)) FROM recruitment_case c;
