/** The codes of recruitment (发展党员, decision 0025): its five stages and its steps, shared by every layer. */

export const RECRUITMENT_STAGES = [
  { code: 'application', no: 1, zh: '申请入党' },
  { code: 'activist', no: 2, zh: '入党积极分子的确定和培养教育' },
  { code: 'candidate', no: 3, zh: '发展对象的确定和考察' },
  { code: 'admission', no: 4, zh: '预备党员的接收' },
  { code: 'probation', no: 5, zh: '预备党员的教育考察和转正' },
] as const;
export type RecruitmentStage = (typeof RECRUITMENT_STAGES)[number]['code'];

/** The 25 steps of the 2014 flow chart in order, plus the 2026 overlay's public notice (公示, before step 7). */
export const STEP_KINDS = [
  'apply',
  'talk',
  'activist',
  'activist_filed',
  'mentors',
  'review',
  'candidate_notice',
  'candidate',
  'candidate_filed',
  'sponsors',
  'political_review',
  'training',
  'committee_review',
  'pre_review',
  'application_form',
  'admission_vote',
  'higher_talk',
  'admission_approval',
  'admission_filed',
  'assigned',
  'oath',
  'probation_review',
  'confirmation_request',
  'confirmation_vote',
  'confirmation_approval',
  'archived',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];
