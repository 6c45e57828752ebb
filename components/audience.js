// Which site this build is (transforms/publish/site.ts sets VITE_SCORECARD_AUDIENCE): 'sales', the default site
// for the whole sales organisation, which holds no pay data; or 'management', with salaries, deductions,
// commissions and compensation. Pages show pay columns only in the management site — the default site's data
// has none to show (transforms/warehouse.ts PAY_DATA).
export const audience = import.meta.env.VITE_SCORECARD_AUDIENCE ?? 'sales';
export const management = audience === 'management';
