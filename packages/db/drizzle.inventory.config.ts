import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/inventory/*.ts',
  out: './drizzle/inventory',
});
