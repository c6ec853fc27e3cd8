using Npgsql;
using NpgsqlTypes;

namespace ComplianceDashboard.Storage.Postgres.Common;

/// <summary>Plain commands with positional parameters ($1, $2, …): times become UTC to the millisecond, enums their names.</summary>
internal static class Sql
{
    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
            command.Parameters.Add(Parameter(value));
        return command;
    }

    public static int Execute(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(NpgsqlConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        var value = command.ExecuteScalar();
        return value is null or DBNull ? default : (T)value;
    }

    public static List<T> List<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var items = new List<T>();
        while (reader.Read()) items.Add(map(reader));
        return items;
    }

    public static T? Single<T>(NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map, params object?[] parameters) where T : class =>
        List(connection, sql, map, parameters).SingleOrDefault();

    /// <summary>A document column's value (the json type keeps the text exactly as written).</summary>
    public static NpgsqlParameter Json(string json) => new() { Value = json, NpgsqlDbType = NpgsqlDbType.Json };

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        NpgsqlParameter parameter => parameter,
        null => new NpgsqlParameter { Value = DBNull.Value },
        DateTime time => new NpgsqlParameter { Value = StoreJson.Utc(time), NpgsqlDbType = NpgsqlDbType.TimestampTz },
        Enum e => new NpgsqlParameter { Value = e.ToString(), NpgsqlDbType = NpgsqlDbType.Text },
        string text => new NpgsqlParameter { Value = text, NpgsqlDbType = NpgsqlDbType.Text },
        _ => new NpgsqlParameter { Value = value },
    };
}
