import type { HandlerSlice, MethodsOf } from '../api/handlers';
import type { DailySheetReports } from './daily-sheet';
import type { MonthlyReports } from './monthly-report';
import type { PharmacyReports } from './pharmacy-reports';

export function reportHandlers(reports: {
  daily: DailySheetReports;
  monthly: MonthlyReports;
  pharmacy: PharmacyReports;
}): HandlerSlice<MethodsOf<'reports'>> {
  const { daily, monthly, pharmacy } = reports;
  return {
    'reports.pharmacy': ({ from, to }) => pharmacy.pharmacy(from, to),
    'reports.priceList': () => pharmacy.priceList(),
    'reports.stocktakeMonth': ({ month }) => pharmacy.stocktakeMonth(month),
    'reports.dailySheet': (input) => daily.sheet(input),
    'reports.dailySheetPdf': (input) => daily.pdfFile(input),
    'reports.dailySheetSlip': (input) => daily.slip(input),
    'reports.monthly': ({ month }) => monthly.report(month),
    'reports.monthlyPdf': ({ month }) => monthly.pdfFile(month),
  };
}
