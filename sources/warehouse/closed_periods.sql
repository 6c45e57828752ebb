-- closed_periods: exposed to pages as warehouse.closed_periods (the league page's 已结账 mark; see README, Closing a period)
select * from closed_periods
