// Fetches funding settlements in [startMs, endMs) newest first, 200 per page: always with both
// startTime and endTime (startTime alone is an error on Bybit), walking endTime back below the
// oldest row of each full page. Pages are checked as they arrive (page-check.ts).
import { type BybitMarketClient, FUNDING_PAGE_LIMIT, type FundingPoint } from '../../bybit';
import { checkFundingPage } from './page-check';

export async function fetchFunding(
  client: BybitMarketClient,
  symbol: string,
  startMs: number,
  endMs: number,
  intervalMin: number,
): Promise<{ rows: FundingPoint[]; pageCount: number }> {
  const rows: FundingPoint[] = [];
  let pageCount = 0;
  let last = endMs - 1;
  while (last >= startMs) {
    const page = await client.fundingPage(symbol, startMs, last, FUNDING_PAGE_LIMIT);
    checkFundingPage(page.label, page.rows, startMs, last, intervalMin);
    pageCount++;
    rows.push(...page.rows);
    if (page.rows.length < FUNDING_PAGE_LIMIT) break;
    last = (page.rows[page.rows.length - 1] as FundingPoint).tsMs - 1;
  }
  return { rows, pageCount };
}
