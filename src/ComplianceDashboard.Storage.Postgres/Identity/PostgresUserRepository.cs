using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.Postgres.Common;

namespace ComplianceDashboard.Storage.Postgres.Identity;

internal sealed class PostgresUserRepository(PostgresStore store) : IUserRepository
{
    private readonly AggregateTable<User> _users = AggregateTables.Users(store);

    public User? Find(string email) => _users.Find(email);
    public IReadOnlyList<User> All() => _users.All();
    public Result<User> Save(User user) => _users.Save(user, "User");
}
