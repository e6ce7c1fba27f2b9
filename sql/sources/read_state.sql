-- Every source's last state, for conditional requests and `eventwire sources`.
SELECT * FROM source_state ORDER BY name;
