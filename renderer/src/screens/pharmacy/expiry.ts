/** How far a batch is from its expiry date, in words. */
export function expiryText(batch: { expired: boolean; daysToExpiry: number }): string {
  if (batch.expired) return `已过期 ${-batch.daysToExpiry} 天`;
  return batch.daysToExpiry === 0 ? '今天到期' : `还有 ${batch.daysToExpiry} 天`;
}
