{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyvinvinze, pykasenrak, pyquilowar }:

buildPythonPackage rec {
  pname = "pyabcorex";
  version = "4.5";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "96ad33417bdefa2fc63cf288b9104585354fb30d53a5714d4c7aa10791904504";
  };

  propagatedBuildInputs = [ pyvinvinze pykasenrak pyquilowar ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyabcorex library, generated";
    homepage = "https://example.org/projects/pyabcorex";
    license = licenses.asl20;
    platforms = platforms.all;
    maintainers = with maintainers; [ bob ];
  };
}
