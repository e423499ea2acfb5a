-- The roster's searches as an index (decision 0056, session 21). Hand-edited after drizzle-kit generate: the
-- function the index is built over is created first. `jiceng_roster_terms(roster_name)` gives the terms of a
-- member's sort key ('wang fang<TAB>王芳', decision 0014): 'c' and each character of the name; for a plain key 'i'
-- and every prefix of two letters or more of the syllables' initials, 'p' and every such prefix of the syllables
-- joined (a pinyin search of two letters or more is then one term: exact); for any other key 'x' (a separator, Latin
-- letters, a character without a reading — the roster's search checks those against the person's own keys). A name
-- search's condition on the characters is a superset of its matches; its LIKE on the key decides.
-- Only members on the roster are indexed (the ancestor indexes' predicate). A big first load defers the index as
-- the member table's other secondary indexes (decision 0004).
CREATE FUNCTION jiceng_roster_terms(k text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 200 AS $$
DECLARE
  tab int := strpos(k, E'\t');
  syl text := CASE WHEN tab > 0 THEN left(k, tab - 1) ELSE '' END;
  nm text := CASE WHEN tab > 0 THEN substr(k, tab + 1) ELSE k END;
  parts text[] := string_to_array(syl, ' ');
  joined text := replace(syl, ' ', '');
  ini text := '';
  t text[] := '{}';
BEGIN
  FOR i IN 1 .. char_length(nm) LOOP
    t := t || ('c' || substr(nm, i, 1));
  END LOOP;
  -- (a plain key — repositories/roster.ts PLAIN_KEY and PLAIN_COUNT: one syllable of plain letters per character of
  -- the basic CJK block — tells the person's initials and full pinyin exactly; any other is 'x')
  IF NOT coalesce(k ~ '^[a-z]+( [a-z]+)*\t[一-鿿]+$' AND array_length(parts, 1) = char_length(nm), false) THEN
    RETURN t || 'x'::text;
  END IF;
  FOR i IN 1 .. array_length(parts, 1) LOOP
    ini := ini || left(parts[i], 1);
  END LOOP;
  FOR i IN 2 .. char_length(ini) LOOP
    t := t || ('i' || left(ini, i));
  END LOOP;
  FOR i IN 2 .. char_length(joined) LOOP
    t := t || ('p' || left(joined, i));
  END LOOP;
  RETURN t;
END
$$;--> statement-breakpoint
CREATE INDEX "member_roster_terms_idx" ON "member" USING gin (jiceng_roster_terms("roster_name")) WHERE "member"."status" in ('full','probationary');--> statement-breakpoint
-- (the planner's statistics of the new index's terms: which terms are common)
ANALYZE "member";
