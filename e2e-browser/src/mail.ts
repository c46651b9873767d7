export interface MailAttachment {
  filename: string;
  contentType: string;
  cid: string | null;
  size: number;
}

/** One message as the SMTP sink's GET /messages lists it. */
export interface MailMessage {
  id: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  received_at: string;
}

export interface MailReader {
  messages(): Promise<MailMessage[]>;
  /** The messages to `address` (case-insensitive); waits until `count` of them arrived. */
  waitForMessagesTo(
    address: string,
    options?: { count?: number; timeoutMs?: number },
  ): Promise<MailMessage[]>;
}

export function mailReader(sinkUrl: string | undefined, missing: readonly string[]): MailReader {
  const messages = async (): Promise<MailMessage[]> => {
    if (!sinkUrl) {
      throw new Error(`the SMTP sink is not running (missing: ${missing.join(', ') || 'none'})`);
    }
    const response = await fetch(`${sinkUrl}/messages`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`GET ${sinkUrl}/messages answered ${response.status}`);
    return (await response.json()) as MailMessage[];
  };
  return {
    messages,
    async waitForMessagesTo(address, { count = 1, timeoutMs = 20_000 } = {}) {
      const wanted = address.toLowerCase();
      const deadline = Date.now() + timeoutMs;
      let found: MailMessage[] = [];
      while (Date.now() < deadline) {
        found = (await messages()).filter((message) =>
          message.to.some((to) => to.toLowerCase().includes(wanted)),
        );
        if (found.length >= count) return found;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error(
        `${found.length} of ${count} message(s) to ${address} arrived within ${timeoutMs} ms`,
      );
    },
  };
}
