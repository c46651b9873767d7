import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/main/*.ts',
  out: './drizzle/main',
});
