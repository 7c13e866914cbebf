using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace BinHub.Infrastructure;

/// <summary>
/// The answers every API endpoint can give besides its own, derived from what the endpoint is rather than written on each:
/// a secured endpoint answers 401 (no or a bad token) and 403 (wrong role, no second factor) and needs the bearer token; an
/// endpoint with an id in its route answers 404 (unknown and out of scope look the same); one that reads a body answers 400
/// when the body cannot be read. All as problem+json (<c>AddProblemDetails</c> and the status-code pages write them).
/// New endpoints under the group get these without anyone remembering to add them.
/// </summary>
public static class OpenApiAnswers
{
    /// <summary>The name of the security scheme in the document: the personal API tokens of <see cref="ApiTokenHandler"/>.</summary>
    public const string BearerScheme = "Bearer";

    private static readonly string[] Problem = ["application/problem+json"];

    /// <summary>Secured as the authorization middleware sees it: some authorization metadata and no [AllowAnonymous].</summary>
    public static bool IsSecured(IEnumerable<object> metadata) =>
        metadata.Any(m => m is IAuthorizeData or AuthorizationPolicy) && !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>A route value that names an object (<c>{id}</c>, <c>{memberId}</c> …), as opposed to <c>{lang}</c> or a callback's <c>{secret}</c>.</summary>
    public static bool IsScopedId(string routeParameter) =>
        routeParameter.Equals("id", StringComparison.OrdinalIgnoreCase) || routeParameter.EndsWith("Id", StringComparison.Ordinal);

    /// <summary>Declares the implied answers on every endpoint of <paramref name="group"/>, once all its other metadata is known.</summary>
    public static RouteGroupBuilder WithImpliedAnswers(this RouteGroupBuilder group)
    {
        // Finally: after RequireAuthorization, AllowAnonymous and the parameters' metadata of every endpoint and nested group.
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var declared = endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            void Add(int status, Type type)
            {
                if (declared.Add(status)) endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type, Problem));
            }
            if (IsSecured(endpoint.Metadata))
            {
                Add(StatusCodes.Status401Unauthorized, typeof(ProblemDetails));
                Add(StatusCodes.Status403Forbidden, typeof(ProblemDetails));
            }
            if (endpoint is RouteEndpointBuilder { RoutePattern: var pattern } && pattern.Parameters.Any(p => IsScopedId(p.Name)))
                Add(StatusCodes.Status404NotFound, typeof(ProblemDetails));
            if (endpoint.Metadata.OfType<IAcceptsMetadata>().Any())
                Add(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails));
        });
        return group;
    }

    /// <summary>
    /// The bearer scheme in the document, required by every secured operation (and by no public one); and a file answer (CSV, a
    /// photo, audio: declared with a content type but no .NET type) described as bytes, so no answer is left without a schema.
    /// </summary>
    public static OpenApiOptions AddBearerSecurity(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            // .Produces(200, contentType: "text/csv") reaches the document as a bare "OK": the content type is only in the metadata.
            foreach (var file in context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
                         .Where(m => (m.Type is null || m.Type == typeof(void)) && m.ContentTypes.Any()))
            {
                if (operation.Responses?.GetValueOrDefault(file.StatusCode.ToString()) is not OpenApiResponse response) continue;
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                foreach (var type in file.ContentTypes)
                    response.Content.TryAdd(type, new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } });
            }
            if (!IsSecured(context.Description.ActionDescriptor.EndpointMetadata) || context.Document is not { } document) return Task.CompletedTask;
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes.TryAdd(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal API token (binhub_…), made on the profile page or with the CLI: 'Authorization: Bearer <token>'.",
            });
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
            return Task.CompletedTask;
        });
}
