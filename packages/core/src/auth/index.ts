export * from './supabase-jwks.ts';
export * from './supabase-jwt.ts';
export * from './token-tenant.ts';
