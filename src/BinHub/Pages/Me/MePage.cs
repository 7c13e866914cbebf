namespace BinHub.Pages.Me;

/// <summary>The member's own pages (the /Me folder is for the Member role).</summary>
public abstract class MePage : FormPage;
