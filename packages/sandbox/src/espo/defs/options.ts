/** Option lists of EspoCRM 8.4.2's Crm module metadata (entityDefs/Account.json, Lead.json, Opportunity.json). */

/** Account.industry, in EspoCRM's order; Lead.industry refers to it through `optionsReference`. */
export const INDUSTRIES = [
  '',
  'Advertising',
  'Aerospace',
  'Agriculture',
  'Apparel & Accessories',
  'Architecture',
  'Automotive',
  'Banking',
  'Biotechnology',
  'Building Materials & Equipment',
  'Chemical',
  'Construction',
  'Consulting',
  'Computer',
  'Culture',
  'Creative',
  'Defense',
  'Education',
  'Electronics',
  'Electric Power',
  'Energy',
  'Entertainment & Leisure',
  'Finance',
  'Food & Beverage',
  'Grocery',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Legal',
  'Manufacturing',
  'Mass Media',
  'Marketing',
  'Mining',
  'Music',
  'Publishing',
  'Petroleum',
  'Real Estate',
  'Retail',
  'Service',
  'Sports',
  'Software',
  'Support',
  'Shipping',
  'Travel',
  'Technology',
  'Telecommunications',
  'Television',
  'Transportation',
  'Testing, Inspection & Certification',
  'Venture Capital',
  'Wholesale',
  'Water',
];

export const LEAD_STATUSES = ['New', 'Assigned', 'In Process', 'Converted', 'Recycled', 'Dead'];

export const LEAD_SOURCES = [
  '',
  'Call',
  'Email',
  'Existing Customer',
  'Partner',
  'Public Relations',
  'Web Site',
  'Campaign',
  'Other',
];

export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Proposal',
  'Negotiation',
  'Closed Won',
  'Closed Lost',
];

/** Opportunity.stage.probabilityMap: the probability a new opportunity gets from its stage. */
export const STAGE_PROBABILITY: Record<string, number> = {
  Prospecting: 10,
  Qualification: 20,
  Proposal: 50,
  Negotiation: 80,
  'Closed Won': 100,
  'Closed Lost': 0,
};

export const EVENT_STATUSES = ['Planned', 'Held', 'Not Held'];
export const TASK_STATUSES = ['Not Started', 'Started', 'Completed', 'Canceled', 'Deferred'];
export const TASK_PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'];
export const ACCEPTANCE_STATUSES = ['None', 'Accepted', 'Tentative', 'Declined'];
/** Parent types Task (then Call and Meeting) accept: `parent.entityList`. */
export const TASK_PARENTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case'];
export const EVENT_PARENTS = ['Account', 'Lead', 'Contact', 'Opportunity', 'Case'];
