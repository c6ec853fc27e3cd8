using MudBlazor;

namespace ComplianceDashboard.Web.Components.Layout;

/// <summary>The app's colours: calm, high-contrast, regulator-friendly.</summary>
public static class DashboardTheme
{
    /// <summary>The dark theme's text on its light-toned fills: its page background.</summary>
    private const string OnLightTone = "#121820";

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4f91",
            Secondary = "#00796b",
            AppbarBackground = "#1d4f91",
            Background = "#f5f7fa",
            Success = "#2e7d32",
            // Dark enough for white text on filled chips and for coloured text on white (WCAG AA, 4.5:1).
            Warning = "#8a5300",
            Info = "#1565c0",
            Error = "#c62828",
        },
        // Light tones with dark text on filled chips and buttons, lighter still for the text of alerts (MudBlazor's
        // "Darken" shades): MudBlazor's dark defaults put white text on bright colours (1.9:1 on the warning amber).
        // Every pair reaches WCAG AA (4.5:1) on the surface and the background; checked by axe in the E2E suite.
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            PrimaryContrastText = OnLightTone,
            PrimaryDarken = "#aecbfa",
            Secondary = "#4db6ac",
            SecondaryContrastText = OnLightTone,
            SecondaryDarken = "#80cbc4",
            AppbarBackground = "#1b2430",
            Background = "#121820",
            Surface = "#1b2430",
            DrawerBackground = "#161d27",
            Success = "#81c995",
            SuccessContrastText = OnLightTone,
            SuccessDarken = "#a8dab5",
            Warning = "#fdd663",
            WarningContrastText = OnLightTone,
            WarningDarken = "#fde293",
            Info = "#78d9ec",
            InfoContrastText = OnLightTone,
            InfoDarken = "#a1e4f2",
            Error = "#f28b82",
            ErrorContrastText = OnLightTone,
            ErrorDarken = "#f6aea9",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"] },
        },
    };
}
