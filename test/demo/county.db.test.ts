/**
 * The demo county is a possible history: seeded ONCE per engine (a minute or more on a loaded machine) and read by
 * each area's checks (test/demo/checks/), which write nothing (decision 0041; on PGlite the harness checks that).
 * They were six files that seeded the same county each, twelve seedings a run. The checks of the demo's writers
 * scoped to a township write: each runs on its own copy of the seeded county (decision 0028's addendum of session
 * 13; they were a file that seeded the county for each of its two tests, four seedings a run).
 */
import { describe } from 'vitest';
import { describeSeeded } from '../helpers/db.js';
import { seedCounty } from './checks/county.js';
import { historyChecks } from './checks/history.js';
import { duesChecks } from './checks/dues.js';
import { recruitmentChecks } from './checks/recruitment.js';
import { screeningChecks } from './checks/screening.js';
import { assessmentChecks } from './checks/assessment.js';
import { reviewsChecks } from './checks/reviews.js';
import { warningsChecks } from './checks/warnings.js';
import { scopedWritesChecks, scopeRefusedCheck } from './checks/scoped.js';

describeSeeded('demo county', { seed: seedCounty }, (h, summary, onCopies) => {
  const county = { h, summary };
  describe('demo histories', () => historyChecks(county));
  describe('demo dues', () => duesChecks(county));
  describe('demo recruitment', () => recruitmentChecks(county));
  describe('demo screening', () => screeningChecks(county));
  describe('demo assessment', () => assessmentChecks(county));
  describe('demo reviews', () => reviewsChecks(county));
  describe('demo warnings', () => warningsChecks(county));
  describe('demo writers scoped to a subtree', () => scopeRefusedCheck(county));
  onCopies('demo writers scoped to a subtree, on a copy', (copy) => scopedWritesChecks(copy));
});
