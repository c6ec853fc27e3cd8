using ComplianceDashboard.Core.Common;
using ComplianceDashboard.Core.Identity;
using ComplianceDashboard.Web.Auth;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ComplianceDashboard.Web.Components.Pages.Administration;

public partial class AdministrationPage
{
    [Inject] private UserService Users { get; set; } = default!;
    [Inject] private ApiKeyService Keys { get; set; } = default!;
    [Inject] private SignInService SignIn { get; set; } = default!;
    [Inject] private CurrentUser CurrentUser { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private MfaPolicy MfaPolicy { get; set; } = default!;
    [Inject] private IStoreInfo StoreInfo { get; set; } = default!;
    [Inject] private Hosting.SelectedStore Store { get; set; } = default!;

    /// <summary>A PostgreSQL store's backups are the database's (pg_dump, point-in-time recovery), not a download.</summary>
    private bool BackupsBelongToTheDatabase => Store.Provider == Hosting.StoreProvider.Postgres;

    [Inject] private SingleSignOnService SingleSignOn { get; set; } = default!;
    [Inject] private Auth.SingleSignOn.OidcOptions Oidc { get; set; } = default!;

    private IReadOnlyList<User> _users = [];
    private Provisioning _provisioning;
    private Dictionary<string, DateTime?> _lockedUntil = [];
    private IReadOnlyList<ApiKey> _keys = [];
    private Actor _actor = Actor.Anonymous("ui");

    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    protected override async Task OnInitializedAsync()
    {
        _actor = await CurrentUser.ActorAsync();
        Reload();
    }

    private void Reload()
    {
        _users = Users.All();
        _provisioning = SingleSignOn.Settings().Provisioning;
        _lockedUntil = _users.ToDictionary(u => u.Email, u => SignIn.LockedUntil(u.Email));
        _keys = Keys.All();
    }

    // An admin cannot lock themselves out by disabling or demoting their own account.
    private bool IsSelf(User user) => _actor.Id == Actor.User(user.Email, user.DisplayName, user.Role).Id;

    private async Task AddUserAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddUserDialog>("Add user", Options);
        if (await dialog.Result is { Canceled: false, Data: User added })
        {
            Snackbar.Add($"{added.DisplayName} added as {added.Role.DisplayName()}.", Severity.Success);
            Reload();
        }
    }

    private async Task SetPasswordAsync(User user)
    {
        var dialog = await Dialogs.ShowAsync<SetPasswordDialog>($"Set the password of {user.DisplayName}",
            new DialogParameters<SetPasswordDialog> { { d => d.User, user } }, Options);
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add($"Password of {user.DisplayName} changed; their open sessions end within 15 seconds.", Severity.Success);
            Reload();
        }
    }

    private async Task ChangeRoleAsync(User user, Role? chosen)
    {
        if (chosen is not { } role || (role == user.Role && !user.AwaitingRole)) return;
        var from = user.AwaitingRole ? "no role" : user.Role.DisplayName();
        if (!await ConfirmAsync("Change role", $"Change {user.DisplayName} from {from} to {role.DisplayName()}? Their open sessions end within 15 seconds.", "Change role"))
        {
            Reload();
            return;
        }
        Report(Users.ChangeRole(_actor, user.Email, role), $"{user.DisplayName} is now {role.DisplayName()}.");
    }

    private void ChangeProvisioning(Provisioning provisioning) =>
        Report(SingleSignOn.SetProvisioning(_actor, provisioning), $"Single sign-on: {SingleSignOnService.Describe(provisioning)}.");

    private async Task DisableAsync(User user)
    {
        if (await ConfirmAsync("Disable user", $"Disable {user.DisplayName}? They can no longer sign in and their open sessions end within 15 seconds.", "Disable"))
            Report(Users.Disable(_actor, user.Email), $"{user.DisplayName} disabled.");
    }

    private Task EnableAsync(User user)
    {
        Report(Users.Enable(_actor, user.Email), $"{user.DisplayName} enabled.");
        return Task.CompletedTask;
    }

    private async Task ResetMfaAsync(User user)
    {
        if (await ConfirmAsync("Reset MFA", $"Remove the authenticator app and recovery codes of {user.DisplayName}? Their open sessions end within 15 seconds and a sign-in lock is lifted; where their role requires MFA they set up an app again at their next sign-in.", "Reset MFA"))
            Report(Users.ResetMfa(_actor, user.Email), $"MFA of {user.DisplayName} reset.");
    }

    private async Task EndSessionsAsync(User user)
    {
        if (await ConfirmAsync("End sessions", $"Sign {user.DisplayName} out everywhere? Their open sessions end within 15 seconds; they can sign in again.", "End sessions"))
            Report(Users.EndSessions(_actor, user.Email), $"Sessions of {user.DisplayName} ended.");
    }

    private string MfaStatus(User user) => UserMfaStatus.Describe(user, MfaPolicy, StoreInfo.Info.Mode);

    private async Task CreateKeyAsync()
    {
        var dialog = await Dialogs.ShowAsync<ApiKeyDialog>("Create API key", Options);
        if (await dialog.Result is { Canceled: false }) Reload();
    }

    private async Task RevokeAsync(ApiKey key)
    {
        if (await ConfirmAsync("Revoke API key", $"Revoke '{key.Name}'? Pipelines using it are refused from now on. This cannot be undone.", "Revoke"))
            Report(Keys.Revoke(_actor, key.Id), $"Key '{key.Name}' revoked.");
    }

    private async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;

    private void Report<T>(Result<T> result, string success)
    {
        if (result.Succeeded)
            Snackbar.Add(success, Severity.Success);
        else
            Snackbar.Add(result.Failure!.Message, Severity.Error);
        Reload();
    }
}
