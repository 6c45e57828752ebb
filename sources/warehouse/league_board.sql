-- league_board: the league, unit and meeting pages: mart_league with names and metrics (transforms/publish/league_board.sql)
select * from league_board
