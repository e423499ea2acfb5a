-- Hand-written (decision 0016): member_period's no-overlap rule moves from an EXCLUDE USING gist constraint to a
-- constraint trigger of the same name. Ordinary writes are checked as before (an indexed look-up of the member's
-- periods through member_period_member_idx, at the end of each statement, raising the same SQLSTATE 23P01 with the
-- same constraint name); a big first load disables the trigger and checks every period in one set-based query
-- instead of building a GiST index over all of them (the rebuild took about a third of a 100k-row first load).
-- The trigger locks the member row first (FOR NO KEY UPDATE), so two transactions writing one member's periods
-- take turns and the second sees the first's rows: the rule holds under concurrency, as the exclusion did.
-- org_version and account_grant keep their exclusion constraints (small tables, no bulk rebuild).
ALTER TABLE member_period DROP CONSTRAINT member_period_no_overlap;
--> statement-breakpoint
CREATE FUNCTION member_period_no_overlap() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  other record;
BEGIN
  PERFORM 1 FROM member WHERE id = NEW.member_id FOR NO KEY UPDATE;
  SELECT p.id, p.valid_from, p.valid_to INTO other FROM member_period p
   WHERE p.member_id = NEW.member_id AND p.id <> NEW.id
     AND p.valid_from < COALESCE(NEW.valid_to, 'infinity'::date)
     AND NEW.valid_from < COALESCE(p.valid_to, 'infinity'::date)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'conflicting key value violates exclusion constraint "member_period_no_overlap"'
      USING ERRCODE = 'exclusion_violation', CONSTRAINT = 'member_period_no_overlap', TABLE = 'member_period',
            DETAIL = format('Period [%s, %s) of member %s overlaps period [%s, %s).', NEW.valid_from,
                            COALESCE(NEW.valid_to::text, ''), NEW.member_id, other.valid_from,
                            COALESCE(other.valid_to::text, ''));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER member_period_no_overlap
  AFTER INSERT OR UPDATE OF member_id, valid_from, valid_to ON member_period
  FOR EACH ROW EXECUTE FUNCTION member_period_no_overlap();
