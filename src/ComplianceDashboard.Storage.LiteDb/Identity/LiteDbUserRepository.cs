using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Storage.LiteDb.Common;

namespace ComplianceDashboard.Storage.LiteDb.Identity;

internal sealed class LiteDbUserRepository(LiteDbStore store) : IUserRepository
{
    private readonly AggregateCollection<User> _users = new(store, "users");

    public User? Find(string email) => _users.Find(email);
    public IReadOnlyList<User> All() => _users.All();
    public Result<User> Save(User user) => _users.Save(user, "User");
}
