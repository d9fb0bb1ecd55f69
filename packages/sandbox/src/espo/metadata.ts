/** EspoCRM 8.4 default field definitions the stand-in knows (Lead's are the ones MAX uses). */
export interface FieldDef {
  type: string;
  options?: string[];
  required?: boolean;
  maxLength?: number;
  isCustom?: boolean;
  default?: unknown;
  [k: string]: unknown;
}

const INDUSTRIES = [
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
  'Electric Power',
  'Electronics',
  'Energy',
  'Entertainment & Leisure',
  'Finance',
  'Food & Beverage',
  'Grocery',
  'Hospitality',
  'Healthcare',
  'Insurance',
  'Legal',
  'Manufacturing',
  'Mass Media',
  'Mining',
  'Music',
  'Marketing',
  'Publishing',
  'Petroleum',
  'Real Estate',
  'Retail',
  'Shipping',
  'Service',
  'Support',
  'Sports',
  'Software',
  'Technology',
  'Telecommunications',
  'Television',
  'Testing, Inspection & Certification',
  'Transportation',
  'Travel',
  'Venture Capital',
  'Wholesale',
  'Water',
];

export function defaultEntityDefs(): Record<string, Record<string, FieldDef>> {
  return {
    Lead: {
      name: { type: 'personName' },
      salutationName: { type: 'enum', options: ['', 'Mr.', 'Ms.', 'Mrs.', 'Dr.'] },
      firstName: { type: 'varchar', maxLength: 100 },
      middleName: { type: 'varchar', maxLength: 100 },
      lastName: { type: 'varchar', maxLength: 100 },
      title: { type: 'varchar', maxLength: 100 },
      status: {
        type: 'enum',
        options: ['New', 'Assigned', 'In Process', 'Converted', 'Recycled', 'Dead'],
        default: 'New',
      },
      source: {
        type: 'enum',
        options: [
          '',
          'Call',
          'Email',
          'Existing Customer',
          'Partner',
          'Public Relations',
          'Web Site',
          'Campaign',
          'Other',
        ],
        default: '',
      },
      industry: { type: 'enum', options: INDUSTRIES, default: '' },
      opportunityAmount: { type: 'currency' },
      website: { type: 'url' },
      address: { type: 'address' },
      emailAddress: { type: 'email' },
      phoneNumber: { type: 'phone' },
      doNotCall: { type: 'bool' },
      description: { type: 'text' },
      accountName: { type: 'varchar', maxLength: 255 },
      assignedUser: { type: 'link' },
      teams: { type: 'linkMultiple' },
      createdAt: { type: 'datetime', readOnly: true },
      modifiedAt: { type: 'datetime', readOnly: true },
    },
    Task: {
      name: { type: 'varchar', required: true, maxLength: 255 },
      status: {
        type: 'enum',
        options: ['Not Started', 'Started', 'Completed', 'Canceled', 'Deferred'],
        default: 'Not Started',
      },
      priority: { type: 'enum', options: ['Low', 'Normal', 'High', 'Urgent'], default: 'Normal' },
      dateEnd: { type: 'datetimeOptional' },
      description: { type: 'text' },
      parent: { type: 'linkParent' },
      assignedUser: { type: 'link', required: true },
    },
    Note: {
      post: { type: 'text' },
      type: { type: 'varchar' },
      parent: { type: 'linkParent' },
    },
    Contact: {
      name: { type: 'personName' },
      firstName: { type: 'varchar', maxLength: 100 },
      lastName: { type: 'varchar', maxLength: 100 },
      emailAddress: { type: 'email' },
      phoneNumber: { type: 'phone' },
      accountName: { type: 'varchar' },
    },
    Account: {
      name: { type: 'varchar', required: true },
      emailAddress: { type: 'email' },
      phoneNumber: { type: 'phone' },
      website: { type: 'url' },
      industry: { type: 'enum', options: INDUSTRIES, default: '' },
    },
  };
}

export function defaultLayouts(): Record<string, unknown> {
  return {
    'Lead/detail': [
      {
        label: 'Overview',
        rows: [
          [{ name: 'name' }, { name: 'accountName' }],
          [{ name: 'emailAddress' }, { name: 'phoneNumber' }],
          [{ name: 'title' }, { name: 'website' }],
          [{ name: 'address' }, false],
        ],
      },
      {
        label: 'Details',
        rows: [
          [{ name: 'status' }, { name: 'source' }],
          [{ name: 'opportunityAmount' }, { name: 'campaign' }],
          [{ name: 'industry' }, false],
          [{ name: 'description', fullWidth: true }],
        ],
      },
    ],
    'Lead/list': [
      { name: 'name', width: 30, link: true },
      { name: 'status', width: 15 },
      { name: 'emailAddress' },
      { name: 'assignedUser', width: 15 },
    ],
  };
}
