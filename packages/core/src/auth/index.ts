export * from './supabase-jwt.ts';
