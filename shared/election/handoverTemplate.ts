/**
 * What the outgoing committee hands over (移交清单): a template of items per district. The
 * default below is the usual list; a district gives its own as the package's optional
 * `handoverTemplate` field (signed with the package, so the station cannot change it). Counts a
 * template leaves out are written in by hand on the printed list (a blank line).
 */
import { z } from 'zod';
import { issue, type Outcome } from './issues';

export const HANDOVER_TEMPLATE_FORMAT = 'polling-station/handover-template@1';

export const handoverItemSchema = z.strictObject({
  /** 印章, 办公用房, 档案 … */
  name: z.string().min(1).max(40),
  /** 枚, 间, 卷, 册, 件 … */
  unit: z.string().max(8).optional(),
  /** Known in advance (e.g. 3 seals); absent → written in by hand. */
  count: z.number().int().min(0).max(1_000_000).optional(),
  /** What the item covers (公章、财务章…). */
  detail: z.string().max(120).optional(),
});

export const handoverTemplateSchema = z.strictObject({
  format: z.literal(HANDOVER_TEMPLATE_FORMAT),
  /** Whose template (e.g. the district or 街道). */
  issuedBy: z.string().max(100).optional(),
  items: z.array(handoverItemSchema).min(1).max(60),
});

export type HandoverItem = z.infer<typeof handoverItemSchema>;
export type HandoverTemplate = z.infer<typeof handoverTemplateSchema>;

export const DEFAULT_HANDOVER_TEMPLATE: HandoverTemplate = {
  format: HANDOVER_TEMPLATE_FORMAT,
  items: [
    { name: '印章', unit: '枚', detail: '居民委员会公章及下属委员会印章' },
    { name: '办公用房', unit: '间', detail: '办公、活动用房及钥匙' },
    { name: '档案', unit: '卷', detail: '文书、会议记录、居民档案' },
    { name: '财务账目', unit: '册', detail: '账簿、凭证、银行账户资料' },
    { name: '固定资产', unit: '件', detail: '办公设备、家具等（附明细）' },
    { name: '债权债务', unit: '项', detail: '合同及未结事项' },
  ],
};

/** The package's own template, the default when it has none; a template that is not valid is refused, never replaced. */
export function handoverTemplateOf(pkg: unknown): Outcome<HandoverTemplate> {
  const raw = (pkg as { handoverTemplate?: unknown } | null | undefined)?.handoverTemplate;
  if (raw === undefined) return { ok: true, value: DEFAULT_HANDOVER_TEMPLATE };
  const parsed = handoverTemplateSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  const detail = `${first?.path.map(String).join('.') || 'handoverTemplate'}: ${first?.message ?? 'invalid'}`;
  return { ok: false, issues: [issue('handover.badTemplate', ['handoverTemplate'], { detail })] };
}
