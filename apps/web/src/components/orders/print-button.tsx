'use client';

import { Printer } from 'lucide-react';

import { Button } from '../ui/button';

export function PrintButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()}>
      <Printer aria-hidden="true" className="size-4" />
      Print tickets
    </Button>
  );
}
