export * from './align-crm-locale.ts';
export * from './country-locale.ts';
