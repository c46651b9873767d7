import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/orders/*.ts',
  out: './drizzle/orders',
});
